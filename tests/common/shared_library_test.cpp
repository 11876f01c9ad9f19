// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/shared_library.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace fakecam {
namespace {

// The C library's maths, which every process already has.
constexpr const char* kLibm = "libm.so.6";

TEST(SharedLibrary, ResolvesAFunctionThatThenWorks) {
  const SharedLibrary library(kLibm, "the maths library");
  double (*cosine)(double) = nullptr;
  library.resolve("cos", cosine);
  ASSERT_NE(cosine, nullptr);
  EXPECT_DOUBLE_EQ(cosine(0.0), 1.0);
}

TEST(SharedLibrary, AMissingLibraryIsOneLineNamingItAndThePurpose) {
  try {
    const SharedLibrary library("libfakecam-no-such-library.so.7", "the widget decoder");
    FAIL() << "a missing library loaded";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("cannot load the widget decoder"), std::string::npos) << message;
    EXPECT_NE(message.find("libfakecam-no-such-library.so.7"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(SharedLibrary, AMissingFunctionNamesTheLibraryAndTheFunction) {
  const SharedLibrary library(kLibm, "the maths library");
  void (*missing)() = nullptr;
  try {
    library.resolve("fakecam_no_such_function", missing);
    FAIL() << "a missing function resolved";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("libm.so.6 has no fakecam_no_such_function"), std::string::npos) << message;
  }
  EXPECT_EQ(missing, nullptr);
}

}  // namespace
}  // namespace fakecam
