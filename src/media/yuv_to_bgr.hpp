// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Decoded frames in the common 8-bit planar YUV layouts (4:2:0, 4:2:2 and
// 4:4:4, with or without alpha, and NV12/NV21; limited or full range;
// BT.601 or BT.709) to BGR/BGRA through libyuv: exact at any width and
// height and faster than swscale, whose x86 fast path for these leaves the
// last 1-7 columns of rows whose width is not a multiple of 8 unwritten
// (FFmpeg 5.1).

#include <opencv2/core.hpp>

#include "common/pixel_format.hpp"
#include "media/av_handles.hpp"

namespace fakecam::media {

class LibyuvConverter {
 public:
  // Converts `frame` into `out`, which already has the frame's size and the
  // layout's type. False (out untouched) when libyuv has no converter for
  // the frame's pixel format; the caller then uses swscale.
  bool convert(const AVFrame& frame, PixelFormat layout, bool bt709, bool full_range, cv::Mat& out);

 private:
  cv::Mat expanded_[3];  // BT.709 limited-range planes at full range (see convert())
};

}  // namespace fakecam::media
