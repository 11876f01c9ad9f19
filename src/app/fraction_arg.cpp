// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/fraction_arg.hpp"

#include <CLI/CLI.hpp>

#include <charconv>

#include "common/error.hpp"

namespace fakecam::app {
namespace {

// What is wrong with `text` ("" if nothing), and the fraction in `out`.
std::string problem(std::string_view text, double& out) {
  const bool percent = !text.empty() && text.back() == '%';
  const std::string_view number = percent ? text.substr(0, text.size() - 1) : text;
  double v = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size()) {
    return fmt::format("'{}' is not a number; give a fraction from 0 to 1 (0.6) or a percentage (60%)", text);
  }
  if (percent) {
    if (!(v >= 0.0 && v <= 100.0)) return fmt::format("{}: a percentage must be from 0% to 100%", text);
    out = v / 100.0;
    return {};
  }
  if (v > 1.0 && v <= 100.0) return fmt::format("{}: must be from 0 to 1; for {} percent write {}%", text, text, text);
  if (!(v >= 0.0 && v <= 1.0)) return fmt::format("{}: must be from 0 to 1 (or a percentage such as 60%)", text);
  out = v;
  return {};
}

}  // namespace

double parse_fraction_or_percent(std::string_view text, const std::string& what) {
  double v = 0;
  if (const std::string error = problem(text, v); !error.empty()) fail("{} {}", what, error);
  return v;
}

CLI::Validator fraction_or_percent() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        double v = 0;
        std::string error = problem(value, v);
        if (error.empty()) value = fmt::format("{}", v);
        return error;
      },
      "0..1|N%");
}

}  // namespace fakecam::app
