// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small image-processing steps of the mask pipeline, written for its sizes:
// a box filter for small windows on float planes (OpenCV's costs 3x more on
// 320x180 floats), and an integer-factor box downscale of a grey frame
// (OpenCV's INTER_AREA fast path for one 8-bit channel is not vectorized).

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::compose {

class BoxFilter {
 public:
  // dst = mean of src over (2 radius + 1)^2 windows, borders replicated.
  // src, dst: CV_32FC1 of the same size (dst may be an ROI; not src).
  void run(const cv::Mat& src, int radius, cv::Mat& dst);

 private:
  std::vector<float> padded_;  // the column sums of one row, with the border repeated
  std::vector<const float*> rows_;
};

// `src` (CV_8UC1) halved: each 2x2 block's mean, rounded, into `out`
// (made (cols / 2) x (rows / 2)) - cv::resize's INTER_AREA by 2 bit for bit,
// by libyuv's box rows where both sides are even (a 720p plane in 14 us
// instead of 35), by cv::resize where not. `out` may not be `src`.
void halve_u8(const cv::Mat& src, cv::Mat& out);

// `grey` (CV_8UC1) reduced to `size` by averaging blocks: exact integer
// factors take a fast path, other sizes cv::resize's INTER_AREA.
class GreyShrinker {
 public:
  void run(const cv::Mat& grey, cv::Size size, cv::Mat& out);
  // The grey (as COLOR_BGR2GRAY) of `bgr` (CV_8UC3) reduced by the integer
  // factor bgr.cols / size.width, which must divide both sides exactly.
  void run_bgr(const cv::Mat& bgr, cv::Size size, cv::Mat& out);
  // Whether run_bgr() can reduce `frame` to `size`.
  static bool exact(cv::Size frame, cv::Size size);

 private:
  std::vector<std::uint16_t> acc_;
};

}  // namespace fakecam::compose
