// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/format.hpp"

#include <cmath>

#include <fmt/format.h>

namespace fakecam::v4l2 {

std::string fourcc_text(std::uint32_t fourcc) {
  std::string text(4, '?');
  for (std::size_t i = 0; i < 4; ++i) {
    const auto c = static_cast<unsigned char>((fourcc >> (8 * i)) & 0xffU);
    if (c >= 0x20 && c < 0x7f) text[i] = static_cast<char>(c);
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string rate_text(const v4l2_fract& time_per_frame) {
  if (time_per_frame.numerator == 0 || time_per_frame.denominator == 0) return "?";
  if (time_per_frame.denominator % time_per_frame.numerator == 0) {
    return fmt::format("{}", time_per_frame.denominator / time_per_frame.numerator);
  }
  return fmt::format("{:.2f}", static_cast<double>(time_per_frame.denominator) / time_per_frame.numerator);
}

double frame_rate(const v4l2_fract& time_per_frame) {
  return time_per_frame.numerator == 0 ? 0.0
                                       : static_cast<double>(time_per_frame.denominator) / time_per_frame.numerator;
}

v4l2_fract frame_interval(double fps) {
  if (std::abs(fps - std::round(fps)) < 1e-6) return {1, static_cast<std::uint32_t>(std::lround(fps))};
  return {1000, static_cast<std::uint32_t>(std::lround(fps * 1000))};
}

}  // namespace fakecam::v4l2
