// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/background.hpp"

#include <cstring>

#include "common/error.hpp"

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

void Background::prepare_yuv(const YuvBackgroundInput&) { fail("this background has no YUV path"); }

const std::uint8_t* Background::yuv_row(YuvPlane, int, std::uint8_t*) { fail("this background has no YUV path"); }

void Background::render_yuv(const YuvBackgroundInput& input, YuvImage& out) {
  prepare_yuv(input);
  out.create(input.frame.size());
  const cv::Mat planes[] = {out.y(), out.u(), out.v()};
  const YuvPlane names[] = {YuvPlane::y, YuvPlane::u, YuvPlane::v};
  for (int p = 0; p < 3; ++p) {
    cv::Mat plane = planes[p];
    for (int y = 0; y < plane.rows; ++y) {
      std::uint8_t* dst = plane.ptr<std::uint8_t>(y);
      const std::uint8_t* src = yuv_row(names[p], y, dst);
      if (src != dst) std::memcpy(dst, src, static_cast<std::size_t>(plane.cols));
    }
  }
}

}  // namespace fakecam::compose
