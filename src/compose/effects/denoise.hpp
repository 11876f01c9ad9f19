// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Low-light help (--denoise N): a dim webcam's picture is grainy, and the
// grain changes every frame. Where the picture is still, each pixel is a
// running average over frames (the grain averages out, detail stays sharp);
// where it moves, the new frame is taken as is (no ghost trails behind a
// hand) and smoothed spatially a little instead.
//
// Still or moving is judged as the mask smoothing judges it
// (TemporalFilter): the mean absolute grey change between two frames over
// 3x3 pixels of the frame reduced to the guide size, between kStillLevel and
// kMovingLevel. A grainy frame changes by more than a clean one even where
// nothing moves, so both levels are raised with the frame's grain, measured
// as the median change (most of a webcam picture is still).

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "compose/kernels/box_filter.hpp"

namespace fakecam::compose {

inline constexpr int kMaxDenoise = 100;

class Denoiser {
 public:
  // strength 0..100 (0: apply() changes nothing).
  explicit Denoiser(int strength);

  // bgr: CV_8UC3, denoised in place. The first frame, and any after a size
  // change or reset(), passes unchanged and starts the average.
  void apply(cv::Mat& bgr);

  void reset() { state_.release(); }

  int strength() const { return strength_; }
  // The share of motion-free pixels in the last frame (for tests and logs).
  double still_share() const { return still_share_; }

 private:
  // The mean grey change that counts as still (>= the mask smoothing's
  // kStillLevel), from the median change of the frame.
  float still_level(const cv::Mat& diff);

  int strength_;
  float still_rate_, spatial_;
  double still_share_ = 0;
  GreyShrinker shrinker_;
  cv::Mat grey_, grey_low_, prev_grey_low_, diff_, motion_, rate_low_, moving_low_, rate_rows_, moving_rows_, blurred_;
  cv::Mat state_;  // CV_32FC3, the running average
  std::vector<float> rate_, moving_;
};

}  // namespace fakecam::compose
