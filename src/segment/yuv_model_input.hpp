// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The model's view of a YUV frame (issue 12): the planes box-filtered down
// to the model's input size (exact halvings, then a box over the rest of the
// step), then converted to BGR there, so the full-size frame is never
// converted to BGR. That averages what the BGR path's chain of area halvings
// averages, without its bilinear last step.

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
