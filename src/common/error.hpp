// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// fakecam reports every user-facing failure as one line: what is wrong, with
// the file or device it concerns. Code throws fakecam::Error with that line;
// the command-line front end prints it and exits non-zero.

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace fakecam {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) {
  throw Error(fmt::format(format, std::forward<Args>(args)...));
}

// "No such file or directory" etc. for an errno value.
std::string errno_text(int errnum);

}  // namespace fakecam
