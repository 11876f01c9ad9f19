// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The compositor: (camera frame, person mask) -> output frame.
//
//   model mask --MaskPipeline--> alpha (temporal smoothing, soft threshold,
//                                 edge refinement guided by the frame)
//   frame --selfie effects--> person layer (--selfie=..., --hologram)
//   frame, alpha --Background--> background rows (blur without halo, image,
//                                 video, colour, the real one; + effects)
//   person layer (+ light wrap), background, alpha --Blender--> output
//   output, alpha --PortraitLight--> output (--light)
//   output --ForegroundOverlay--> output (the seed's podium, -f/-m)
//
// With --denoise the frame is denoised (Denoiser) before all of this.
//
// Each stage is its own class; this one wires them and owns reloading.

#include <future>
#include <memory>

#include <opencv2/core.hpp>

#include "compose/background/background.hpp"
#include "compose/background/foreground_overlay.hpp"
#include "compose/compose_settings.hpp"
#include "compose/effects/denoise.hpp"
#include "compose/effects/effect_chain.hpp"
#include "compose/effects/light_wrap.hpp"
#include "compose/effects/portrait_light.hpp"
#include "compose/kernels/blend.hpp"
#include "compose/mask/mask_pipeline.hpp"

namespace fakecam::compose {

class Compositor {
 public:
  // Validates the settings and loads every file (background image or video,
  // foreground and its mask). Throws Error (naming the file or setting)
  // when one cannot be used.
  explicit Compositor(ComposeSettings settings);
  ~Compositor();
  Compositor(const Compositor&) = delete;
  Compositor& operator=(const Compositor&) = delete;

  // frame_bgr: CV_8UC3. model_mask: the Segmenter's CV_32FC1 mask at model
  // resolution (ignored, may be empty, when !needs_mask()). out_bgr becomes
  // CV_8UC3 of the frame's size; it may be frame_bgr itself (in place).
  // Allocates only when the frame or mask size changes (and out_bgr when it
  // is not already CV_8UC3 of that size). Throws Error on inputs of the
  // wrong type.
  void compose(const cv::Mat& frame_bgr, const cv::Mat& model_mask, cv::Mat& out_bgr);

  // Whether compose(YuvImage&) can run these settings: the backgrounds that
  // make YUV rows (image, colour, blur, the real one), with no effect that
  // works on BGR (selfie effects, light wrap, --denoise, the foreground
  // overlay). --light has both paths.
  // The caller converts the frame to BGR otherwise.
  bool supports_yuv() const;

  // The YUV path (issue 12), in place: `frame` (I420, limited range) becomes
  // the output. model_mask as for the BGR compose(). Throws Error when
  // !supports_yuv() or on inputs of the wrong type.
  void compose(YuvImage& frame, const cv::Mat& model_mask);
  // The same from a view (framing's crop inside the capture: issue 13) into
  // `out`, made at the view's size (or the view's own image: in place).
  void compose(const YuvView& frame, const cv::Mat& model_mask, YuvImage& out);

  // Re-reads every file (background image or video, foreground, its mask) on
  // a worker thread and returns at once: the processing thread never waits
  // for a file. What loaded shows from a later compose(); a file that fails
  // keeps the old picture (logged with the reason). The future's result
  // says what happened (get() waits for it, for tests). A reload asked for
  // while one is running returns that one.
  std::shared_future<ReloadResult> reload();

  // False when the person is not needed (the real background, no effects on
  // the person): the caller may skip segmentation.
  bool needs_mask() const { return background_ != nullptr; }

  // The alpha of the last composed frame (CV_8UC1, 255 = person).
  const cv::Mat& alpha() const { return alpha_; }

  const ComposeSettings& settings() const { return settings_; }
  MaskPipeline& mask_pipeline() { return mask_pipeline_; }
  Background* background() { return background_.get(); }

 private:
  ReloadResult reload_files();

  ComposeSettings settings_;
  MaskPipeline mask_pipeline_;
  std::unique_ptr<Background> background_;  // null: pass the person and the real background through
  std::unique_ptr<ForegroundOverlay> overlay_;
  std::unique_ptr<LightWrap> light_wrap_;
  std::unique_ptr<Denoiser> denoiser_;       // before everything else (--denoise)
  std::unique_ptr<PortraitLight> portrait_;  // on the blended result (--light)
  EffectChain selfie_;
  Blender blender_;
  cv::Mat alpha_, person_, wrapped_, denoised_;
  cv::Mat alpha_half_;  // YUV: alpha at chroma size, for the blend and the background
  std::shared_future<ReloadResult> reloading_;
};

// The provider for settings.background with its effects; null for
// BackgroundKind::none when nothing needs the person mask.
std::unique_ptr<Background> make_background(const ComposeSettings& settings);

}  // namespace fakecam::compose
