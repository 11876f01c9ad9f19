// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Motion gating: on a still scene most inference is wasted. When the model's
// view of the frame (its small resized input) barely changed since the last
// inference, the last mask still holds and the model need not run; a refresh
// is forced regularly so that a slow drift is never missed.

#include <chrono>

#include <opencv2/core.hpp>

#include "common/frame.hpp"

namespace fakecam::segment {

struct MotionGateSettings {
  // Mean absolute change of the model input, in 8-bit levels, below which the
  // last mask is reused. 0 turns gating off.
  double threshold_levels = 1.5;
  // The longest a mask is reused before the model runs again anyway.
  std::chrono::milliseconds max_reuse{500};
};

class MotionGate {
 public:
  explicit MotionGate(MotionGateSettings settings = {}) : settings_(settings) {}
  void set_settings(MotionGateSettings settings) { settings_ = settings; }

  // Whether the mask of the last inferred() input may stand for `input` (the
  // model input, CV_32FC3 in [0, 1], as Segmenter::input()) at `now`.
  bool can_reuse(const cv::Mat& input, Clock::time_point now);
  // The model ran on `input` and finished at `when`.
  void inferred(const cv::Mat& input, Clock::time_point when);

 private:
  MotionGateSettings settings_;
  bool have_mask_ = false;
  cv::Mat last_input_;
  Clock::time_point last_inference_{};
  cv::Mat difference_;
};

}  // namespace fakecam::segment
