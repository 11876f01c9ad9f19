// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/capture_format.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/error.hpp"
#include "v4l2/pixel_format.hpp"

namespace fakecam::capture {

namespace {

constexpr std::array kRanked = {PixelFormat::mjpeg, PixelFormat::jpeg, PixelFormat::yuyv,
                                PixelFormat::nv12,  PixelFormat::uyvy, PixelFormat::bgr24};

}  // namespace

std::optional<int> format_rank(PixelFormat format) {
  const auto* it = std::find(kRanked.begin(), kRanked.end(), format);
  if (it == kRanked.end()) return std::nullopt;
  return static_cast<int>(it - kRanked.begin());
}

std::string supported_formats_text() {
  std::string text;
  for (const PixelFormat format : kRanked) {
    if (!text.empty()) text += ", ";
    text += v4l2::fourcc_name(format);
  }
  return text;
}

std::optional<PixelFormat> parse_capture_format(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "auto") return std::nullopt;
  if (const auto format = find_pixel_format(text); format && format_rank(*format)) return format;
  fail("unknown pixel format '{}': use auto, MJPG, YUYV, NV12, UYVY or BGR3", text);
}

}  // namespace fakecam::capture
