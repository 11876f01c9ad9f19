// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/background.hpp"

#include <cstring>

namespace fakecam::compose {

void Background::render(const BackgroundInput& input, cv::Mat& out) {
  prepare(input);
  render_rows(input.frame.size(), out);
}

void Background::render_rows(cv::Size size, cv::Mat& out) {
  out.create(size, CV_8UC3);
  const std::size_t bytes = static_cast<std::size_t>(out.cols) * 3;
  for (int y = 0; y < out.rows; ++y) {
    std::uint8_t* dst = out.ptr<std::uint8_t>(y);
    const std::uint8_t* src = row(y, dst);
    if (src != dst) std::memcpy(dst, src, bytes);
  }
}

}  // namespace fakecam::compose
