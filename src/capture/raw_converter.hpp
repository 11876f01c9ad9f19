// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Uncompressed webcam formats (YUYV, UYVY, NV12, I420, BGR24) -> BGR or YUV
// (I420) with libyuv. libyuv's defaults are BT.601 limited range, what UVC
// webcams send, so the YUV formats reach I420 without any range or matrix
// conversion.

#include <cstdint>
#include <span>
#include <vector>

#include <opencv2/core.hpp>

#include "common/pixel_format.hpp"
#include "common/yuv_image.hpp"

namespace fakecam::capture {

class RawConverter {
 public:
  // Bytes a complete frame needs: `stride` is V4L2's bytesperline (of the
  // luma plane for NV12 and I420, whose chroma rows are half as long). 0 for
  // formats this class does not convert.
  static std::size_t frame_bytes(PixelFormat format, cv::Size size, int stride);
  static bool converts(PixelFormat format);

  // Converts one frame into `out` (CV_8UC3 BGR, reallocated only when its
  // size changes). Returns false without touching `out` when `src` is shorter
  // than a complete frame (the driver delivered a partial buffer).
  bool convert(PixelFormat format, std::span<const std::uint8_t> src, cv::Size size, int stride, cv::Mat& out);
  // The same into `out` as I420 (reallocated only when its size changes):
  // packed 4:2:2 has its chroma rows averaged in pairs, NV12 is split, I420
  // copied, BGR24 converted. `size` must be even (throws Error otherwise).
  bool convert(PixelFormat format, std::span<const std::uint8_t> src, cv::Size size, int stride, YuvImage& out);

 private:
  std::vector<std::uint8_t> argb_rows_;  // a few rows of ARGB between the two libyuv steps
};

}  // namespace fakecam::capture
