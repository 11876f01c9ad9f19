// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The model's view of a YUV frame (issue 12): the planes reduced to the
// model's input size (an exact box by 2, 4 or 8, then a bilinear step of
// less than 2x, as the BGR path's area halvings end in one), then converted
// to BGR there, so the full-size frame is never converted to BGR.

#include <vector>

#include <opencv2/core.hpp>

#include "common/yuv_image.hpp"

namespace fakecam::segment {

class YuvModelInput {
 public:
  // `out` becomes CV_8UC3 BGR of `size` (any size, odd too). Allocates only
  // when a size changes.
  void make(const YuvImage& frame, cv::Size size, cv::Mat& out);

 private:
  std::vector<std::uint8_t> planes_;  // Y, U and V reduced to the model's size
  cv::Mat boxed_[3];                  // each plane box-reduced on the way there
};

}  // namespace fakecam::segment
