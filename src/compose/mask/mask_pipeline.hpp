// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The model's mask -> the alpha the blender uses, in three steps:
//
//   1. temporal smoothing at model resolution (TemporalFilter), with the
//      frame's motion measured on a grey copy at that size;
//   2. soft threshold (MaskSettings);
//   3. upsampling to the frame: guided by the frame (EdgeRefiner) or plain
//      bilinear (MaskStage) when refinement is off.
//
// The grey frame and its reduced copy are made once per frame here and
// shared by the steps.

#include <opencv2/core.hpp>

#include "compose/compose_settings.hpp"
#include "compose/kernels/box_filter.hpp"
#include "compose/mask/edge_refiner.hpp"
#include "compose/mask/mask_stage.hpp"
#include "compose/mask/temporal_filter.hpp"

namespace fakecam::compose {

// The guided filter and the motion measure work on the frame reduced by an
// integer factor to about this many rows (fast, exact area averaging).
inline constexpr int kGuideHeight = 180;
cv::Size guide_size(cv::Size frame);

class MaskPipeline {
 public:
  MaskPipeline(MaskSettings mask, RefineSettings refine, TemporalSettings temporal);

  // frame_bgr: CV_8UC3. model_mask: CV_32FC1 at model resolution. alpha:
  // CV_8UC1 at frame size, 255 = person.
  void run(const cv::Mat& frame_bgr, const cv::Mat& model_mask, cv::Mat& alpha);
  // The same on the YUV path: `luma` is the frame's limited-range Y plane
  // (CV_8UC1), which guides the refinement in place of the grey frame.
  void run_luma(const cv::Mat& luma, const cv::Mat& model_mask, cv::Mat& alpha);

  // Forget the temporal history (after a pause, or a jump in the video).
  void reset() {
    temporal_.reset();
    refiner_.reset();
  }

  // The last frame's grey copy reduced to guide_size() (CV_8UC1), and the
  // alpha at that size (CV_32FC1 0..1, refinement only; else empty).
  const cv::Mat& grey_low() const { return grey_low_; }
  const cv::Mat& alpha_low() const;
  // The last smoothed model-resolution confidence.
  const cv::Mat& smoothed() const { return smoothed_; }
  const EdgeRefiner& refiner() const { return refiner_; }

 private:
  bool needs_guide() const;
  // Smoothing, then refinement guided by `guide` (or plain upsampling) to
  // alpha at the guide's size; grey_low_ is ready.
  void finish(const cv::Mat& model_mask, const cv::Mat& guide, GuideRange range, cv::Mat& alpha);

  MaskSettings mask_settings_;
  RefineSettings refine_settings_;
  MaskStage bilinear_;
  TemporalFilter temporal_;
  EdgeRefiner refiner_;
  GreyShrinker shrinker_;
  cv::Mat grey_, grey_low_, grey_model_, smoothed_;
  cv::Mat no_alpha_low_;
};

}  // namespace fakecam::compose
