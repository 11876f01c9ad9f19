// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/framing_capture.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace fakecam::app {
namespace {
constexpr double kCaptureScale = 1.5;
int even(double v) { return std::max(2, static_cast<int>(std::lround(v / 2)) * 2); }
}  // namespace

cv::Size framing_capture_request(cv::Size output) {
  return {even(output.width * kCaptureScale), even(output.height * kCaptureScale)};
}

cv::Size framed_output_size(cv::Size capture, cv::Size wanted) {
  const double scale = std::min(
      {1.0, static_cast<double>(wanted.width) / capture.width, static_cast<double>(wanted.height) / capture.height});
  return {std::min(capture.width, even(capture.width * scale)), std::min(capture.height, even(capture.height * scale))};
}

std::string framing_capture_note(cv::Size capture, cv::Size output) {
  const double lossless = static_cast<double>(capture.height) / output.height;
  if (lossless < 1.01) {
    return fmt::format(
        "framing: capturing {}x{} for a {}x{} output: the input offers nothing larger, so zooming in "
        "upscales",
        capture.width, capture.height, output.width, output.height);
  }
  return fmt::format("framing: capturing {}x{} for a {}x{} output: zooms up to {:.2f}x lose no detail", capture.width,
                     capture.height, output.width, output.height, lossless);
}

}  // namespace fakecam::app
