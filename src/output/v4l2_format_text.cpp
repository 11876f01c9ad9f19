#include "output/v4l2_format_text.hpp"

#include <fmt/format.h>

namespace fakecam::output {

std::string fourcc_text(std::uint32_t fourcc) {
  std::string text;
  for (int i = 0; i < 4; ++i) {
    const char c = static_cast<char>((fourcc >> (8 * i)) & 0xff);
    text += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return text;
}

std::string rate_text(const v4l2_fract& time_per_frame) {
  if (time_per_frame.numerator == 0 || time_per_frame.denominator == 0) return "?";
  if (time_per_frame.denominator % time_per_frame.numerator == 0) {
    return fmt::format("{}", time_per_frame.denominator / time_per_frame.numerator);
  }
  return fmt::format("{:.2f}", static_cast<double>(time_per_frame.denominator) / time_per_frame.numerator);
}

}  // namespace fakecam::output
