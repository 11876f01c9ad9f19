// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/motion_gate.hpp"

namespace fakecam::segment {

bool MotionGate::can_reuse(const cv::Mat& input, Clock::time_point now) {
  if (settings_.threshold_levels <= 0 || !have_mask_ || now - last_inference_ >= settings_.max_reuse) return false;
  cv::absdiff(input, last_input_, difference_);
  const cv::Scalar per_channel = cv::mean(difference_);
  const double change_levels = (per_channel[0] + per_channel[1] + per_channel[2]) / 3.0 * 255.0;
  return change_levels < settings_.threshold_levels;
}

void MotionGate::inferred(const cv::Mat& input, Clock::time_point when) {
  input.copyTo(last_input_);
  last_inference_ = when;
  have_mask_ = true;
}

}  // namespace fakecam::segment
