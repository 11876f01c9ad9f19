#pragma once
// The compositor: (camera frame, person mask) -> output frame.
//
//   model mask --MaskStage--> alpha (8-bit, frame size)
//   frame (+ alpha) --Background--> background image (frame size)
//   frame, background, alpha --Blender--> output
//
// Each stage is its own class so later effects slot in: mask smoothing and
// edge refinement in MaskStage, video and effect chains as Background kinds,
// overlays after the Blender.

#include <memory>

#include <opencv2/core.hpp>

#include "compose/background.hpp"
#include "compose/blend.hpp"
#include "compose/compose_settings.hpp"
#include "compose/mask_stage.hpp"

namespace fakecam::compose {

class Compositor {
 public:
  // Validates the settings and loads the background image, if any. Throws
  // Error (naming the file or setting) when they cannot be used.
  explicit Compositor(ComposeSettings settings);

  // frame_bgr: CV_8UC3. model_mask: the Segmenter's CV_32FC1 mask at model
  // resolution (ignored, may be empty, when !needs_mask()). out_bgr becomes
  // CV_8UC3 of the frame's size; it may be frame_bgr itself (in place).
  // Allocates only when the frame or mask size changes (and out_bgr when it
  // is not already CV_8UC3 of that size). Throws Error on inputs of the
  // wrong type.
  void compose(const cv::Mat& frame_bgr, const cv::Mat& model_mask, cv::Mat& out_bgr);

  // Re-reads the background file(s). On failure the old image stays in use
  // and the result says why.
  ReloadResult reload();

  // False in pass-through mode: the caller may skip segmentation.
  bool needs_mask() const { return background_ != nullptr; }

  // The alpha of the last composed frame (CV_8UC1, 255 = person).
  const cv::Mat& alpha() const { return alpha_; }

  const ComposeSettings& settings() const { return settings_; }

 private:
  ComposeSettings settings_;
  MaskStage mask_stage_;
  std::unique_ptr<Background> background_;  // null in pass-through mode
  Blender blender_;
  cv::Mat alpha_;
};

// The provider for settings.background (null for BackgroundKind::none).
std::unique_ptr<Background> make_background(const ComposeSettings& settings);

}  // namespace fakecam::compose
