// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// YuvImage test frames and the byte layouts they must become, packed here by
// plain loops from the layouts' definitions (V4L2's YUYV, YU12, NV12), as the
// independent reference the libyuv-based writers are checked against.

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "common/yuv_image.hpp"
#include "output/frame_layout.hpp"

namespace fakecam::test {

// Every plane random within limited range, and different from the others, so
// a swapped plane, a wrong chroma row or an off-by-one column shows.
inline YuvImage random_yuv(int width, int height, std::uint64_t seed = 12) {
  YuvImage frame(cv::Size(width, height));
  cv::RNG rng(seed);
  cv::Mat y = frame.y(), u = frame.u(), v = frame.v();
  rng.fill(y, cv::RNG::UNIFORM, 16, 236);
  rng.fill(u, cv::RNG::UNIFORM, 16, 241);
  rng.fill(v, cv::RNG::UNIFORM, 16, 241);
  return frame;
}

// `frame` in `layout` (any strides), in a buffer of `fill` bytes: padding
// keeps them. YUYV is 4:2:2: chroma row r/2 serves luma rows r and r+1.
inline std::vector<std::uint8_t> reference_packing(const YuvImage& frame, const output::FrameLayout& layout,
                                                   std::uint8_t fill = 0xAB) {
  std::vector<std::uint8_t> out(layout.size, fill);
  const cv::Mat y = frame.y(), u = frame.u(), v = frame.v();
  const auto& p = layout.planes;
  for (int r = 0; r < layout.height; ++r) {
    for (int c = 0; c < layout.width; ++c) {
      const std::uint8_t luma = y.at<std::uint8_t>(r, c);
      const std::uint8_t cb = u.at<std::uint8_t>(r / 2, c / 2);
      const std::uint8_t cr = v.at<std::uint8_t>(r / 2, c / 2);
      const std::size_t row = static_cast<std::size_t>(r), col = static_cast<std::size_t>(c);
      switch (layout.format) {
        case PixelFormat::yuyv: {  // Y0 Cb Y1 Cr per pair of pixels
          std::uint8_t* pair = out.data() + p[0].offset + row * p[0].stride + col / 2 * 4;
          pair[col % 2 * 2] = luma;
          pair[1] = cb;
          pair[3] = cr;
          break;
        }
        case PixelFormat::i420:
          out[p[0].offset + row * p[0].stride + col] = luma;
          out[p[1].offset + row / 2 * p[1].stride + col / 2] = cb;
          out[p[2].offset + row / 2 * p[2].stride + col / 2] = cr;
          break;
        case PixelFormat::nv12:  // Y plane, then Cb Cr interleaved
          out[p[0].offset + row * p[0].stride + col] = luma;
          out[p[1].offset + row / 2 * p[1].stride + col / 2 * 2] = cb;
          out[p[1].offset + row / 2 * p[1].stride + col / 2 * 2 + 1] = cr;
          break;
        default:
          break;
      }
    }
  }
  return out;
}

}  // namespace fakecam::test
