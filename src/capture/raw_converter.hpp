// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Uncompressed webcam formats (YUYV, UYVY, NV12, BGR24) -> BGR with libyuv.
// libyuv's defaults are BT.601 limited range, what UVC webcams send.

#include <cstdint>
#include <span>
#include <vector>

#include <opencv2/core.hpp>

#include "common/pixel_format.hpp"

namespace fakecam::capture {

class RawConverter {
 public:
  // Bytes a complete frame needs: `stride` is V4L2's bytesperline (of the
  // luma plane for NV12). 0 for formats this class does not convert.
  static std::size_t frame_bytes(PixelFormat format, cv::Size size, int stride);
  static bool converts(PixelFormat format);

  // Converts one frame into `out` (CV_8UC3 BGR, reallocated only when its
  // size changes). Returns false without touching `out` when `src` is shorter
  // than a complete frame (the driver delivered a partial buffer).
  bool convert(PixelFormat format, std::span<const std::uint8_t> src, cv::Size size, int stride, cv::Mat& out);

 private:
  std::vector<std::uint8_t> argb_rows_;  // a few rows of ARGB between the two libyuv steps
};

}  // namespace fakecam::capture
