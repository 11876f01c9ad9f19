// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The message of the fakecam::Error a call throws, or "no error": tests
// compare user-facing one-line errors word for word.

#include <string>

#include "common/error.hpp"

namespace fakecam::test {

template <typename Call>
std::string error_of(Call call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace fakecam::test
