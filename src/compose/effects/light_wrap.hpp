// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Light wrap: a little of the (blurred) new background spills over the edge
// of the person, as light from a real background would. It ties the person
// into a replaced background instead of looking cut out and pasted on.
//
//   wrap = strength * (1 - blur(alpha)) * alpha     (only on the person, strongest at the edge)
//   person' = person * (1 - wrap) + blur(background) * wrap
//
// Both blurs are made at the guide size (~180 rows) and upsampled per row.

#include <vector>

#include <opencv2/core.hpp>

#include "compose/background/background.hpp"
#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose {

class LightWrap {
 public:
  explicit LightWrap(int strength) : strength_(strength) {}

  // fg: the person layer (CV_8UC3), alpha: CV_8UC1 (255 = person), both
  // frame size; background prepared for this frame. Writes fg with the
  // wrap applied into `out` (CV_8UC3, may not be fg).
  void apply(const cv::Mat& fg, const cv::Mat& alpha, Background& background, cv::Mat& out);

 private:
  void plan(cv::Size frame);

  int strength_;
  cv::Size frame_, low_;
  int factor_ = 1;
  cv::Mat alpha_low_, weight_low_, w_padded_, bg_low_, bg_stretched_;
  int slot_row_[2] = {-1, -1};
  std::vector<std::uint8_t> scratch_;
  ResamplePlan resample_;  // guide -> frame; the rows' weights also of 256
  std::vector<float> w_rows_;
  std::vector<std::uint8_t> k_, k3_, bg_row_;
};

}  // namespace fakecam::compose
