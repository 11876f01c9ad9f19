// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the loader tests share: the real model's bytes, the error a load
// gives, the check that an error is one line naming the file and the
// problem, and the 1x1-convolution head that turns any activation into a
// valid [1,H,W,1] mask output.

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "segment/tflite/model_loader.hpp"
#include "segment/tflite/tflite_builder_for_tests.hpp"
#include "support/test_paths.hpp"

namespace fakecam::segment::test {

inline std::vector<std::uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::vector<std::uint8_t> general_model() {
  return read_file(fakecam::test::model_dir() / "selfie_segmentation.tflite");
}

// The Error message of loading `bytes`, or nullopt if it loaded. Any other
// exception fails the test.
inline std::optional<std::string> load_error(const std::vector<std::uint8_t>& bytes,
                                             const std::string& origin = "model.tflite") {
  try {
    tflite::load_model(bytes, origin);
  } catch (const Error& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

inline std::vector<std::uint8_t> int32_bytes(const std::vector<std::int32_t>& v) {
  std::vector<std::uint8_t> bytes(v.size() * 4);
  std::memcpy(bytes.data(), v.data(), bytes.size());
  return bytes;
}

// Finishes a model whose last activation `x` is [1,h,w,channels]: a 1x1
// convolution (all ones) to one channel makes the mask output.
inline std::vector<std::uint8_t> finish_with_mask(TfliteBuilder& b, int in, int x, int h, int w, int channels) {
  const int out = b.tensor({1, h, w, 1});
  b.conv_2d(x, b.float_constant({1, 1, 1, channels}, std::vector<float>(static_cast<std::size_t>(channels), 1.0f)), -1,
            out, schema::Padding::VALID, 1);
  return b.finish(in, out);
}

}  // namespace fakecam::segment::test

#define EXPECT_LOAD_ERROR(bytes, ...)                                                           \
  do {                                                                                          \
    const auto error_ = ::fakecam::segment::test::load_error(bytes);                            \
    ASSERT_TRUE(error_.has_value()) << "the model loaded";                                      \
    EXPECT_EQ(error_->find('\n'), std::string::npos) << "one line: " << *error_;                \
    EXPECT_TRUE(error_->starts_with("model.tflite: ")) << "names the file: " << *error_;        \
    for (std::string_view part_ : {__VA_ARGS__}) {                                              \
      EXPECT_NE(error_->find(part_), std::string::npos) << "'" << part_ << "' in: " << *error_; \
    }                                                                                           \
  } while (false)
