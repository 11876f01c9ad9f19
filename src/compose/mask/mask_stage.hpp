// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The model's person mask -> an 8-bit alpha at frame resolution.
//
// The model sees the whole frame squeezed to its input (256x144 or 256x256,
// aspect not kept), so its mask is stretched back the same way: bilinear with
// pixel centres aligned (cv::resize's INTER_LINEAR convention). The soft
// threshold (MaskSettings) is applied to the upsampled surface. Because that
// ramp is affine until it is clamped, it is applied at model resolution and
// commutes with the interpolation: the full-size work is one fixed-point
// vertical interpolation per pixel that writes the clamped 8-bit alpha
// directly, with no float image at frame size.
//
// Later stages (temporal smoothing at model resolution, edge refinement at
// frame resolution) slot in before and after run() respectively.

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "compose/compose_settings.hpp"
#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose {

class MaskStage {
 public:
  explicit MaskStage(MaskSettings settings);

  // model_mask: CV_32FC1 person confidence in [0, 1] (NaN counts as 0), any
  // size. alpha: CV_8UC1 of frame_size, 255 = person. Allocates only when a
  // size changes.
  void run(const cv::Mat& model_mask, cv::Size frame_size, cv::Mat& alpha);

  const MaskSettings& settings() const { return settings_; }

 private:
  void plan(cv::Size model, cv::Size frame);
  std::int16_t* row(int r) { return rows_.data() + static_cast<std::size_t>(r) * frame_size_.width; }

  MaskSettings settings_;
  float scale_ = 0;  // ramp: alpha*16 = confidence * scale_ + offset_
  float offset_ = 0;
  cv::Size model_size_;
  cv::Size frame_size_;
  ResamplePlan resample_;           // model -> frame; the rows' weights in Q11
  std::vector<float> ramped_;       // one model row after the ramp
  std::vector<std::int16_t> rows_;  // model rows stretched to frame width, alpha in Q4
};

}  // namespace fakecam::compose
