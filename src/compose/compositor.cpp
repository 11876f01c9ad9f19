// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/compositor.hpp"

#include "common/error.hpp"
#include "common/log.hpp"
#include "compose/background/blur_background.hpp"
#include "compose/background/camera_background.hpp"
#include "compose/background/colour_background.hpp"
#include "compose/background/effect_background.hpp"
#include "compose/background/image_background.hpp"
#include "compose/background/video_background.hpp"
#include "compose/kernels/box_filter.hpp"
#include "media/media_reader.hpp"

namespace fakecam::compose {
namespace {

const ComposeSettings& validated(const ComposeSettings& settings) {
  validate(settings);
  return settings;
}

// The person shows unchanged over the real background: no mask needed.
bool person_passes_through(const ComposeSettings& s) {
  return s.background == BackgroundKind::none && s.background_effects.empty() && s.selfie_effects.empty() &&
         s.selfie_opacity == 100 && s.light == 0;
}

}  // namespace

std::unique_ptr<Background> make_background(const ComposeSettings& settings) {
  std::unique_ptr<Background> background;
  switch (settings.background) {
    case BackgroundKind::blur:
      background = std::make_unique<BlurBackground>(settings.blur_strength);
      break;
    case BackgroundKind::image:
      // FFmpeg takes it for a still image by its signature or extension; a
      // video otherwise (and one that is neither fails there, naming the file).
      if (!media::is_still_image_file(settings.image_path)) {
        // Effects on a video run on its decoder thread.
        VideoOptions options{settings.fit, settings.colour, settings.background_effects, settings.output_fps};
        return std::make_unique<VideoBackground>(settings.image_path, std::move(options));
      }
      background = std::make_unique<ImageBackground>(settings.image_path, settings.fit, settings.colour);
      break;
    case BackgroundKind::colour:
      background = std::make_unique<ColourBackground>(settings.colour);
      break;
    case BackgroundKind::none:
      if (person_passes_through(settings)) return nullptr;
      background = std::make_unique<CameraBackground>();
      break;
  }
  if (!settings.background_effects.empty()) {
    background = std::make_unique<EffectBackground>(std::move(background), settings.background_effects);
  }
  return background;
}

Compositor::Compositor(ComposeSettings settings)
    : settings_(validated(settings)),
      mask_pipeline_(settings_.mask, settings_.refine, settings_.temporal),
      background_(make_background(settings_)),
      selfie_(settings_.selfie_effects) {
  if (!settings_.foreground.image_path.empty()) overlay_ = std::make_unique<ForegroundOverlay>(settings_.foreground);
  if (settings_.light_wrap > 0 && settings_.background != BackgroundKind::none) {
    light_wrap_ = std::make_unique<LightWrap>(settings_.light_wrap);
  }
  if (settings_.denoise > 0) denoiser_ = std::make_unique<Denoiser>(settings_.denoise);
  if (settings_.light > 0) portrait_ = std::make_unique<PortraitLight>(settings_.light);
}

Compositor::~Compositor() {
  if (reloading_.valid()) reloading_.wait();
}

void Compositor::compose(const cv::Mat& camera_bgr, const cv::Mat& model_mask, cv::Mat& out_bgr) {
  if (camera_bgr.empty() || camera_bgr.type() != CV_8UC3) fail("compositor: expected an 8-bit 3-channel frame");
  const cv::Mat* frame = &camera_bgr;
  if (denoiser_) {
    camera_bgr.copyTo(denoised_);
    denoiser_->apply(denoised_);
    frame = &denoised_;
  }
  const cv::Mat& frame_bgr = *frame;
  if (!background_) {
    if (out_bgr.data != frame_bgr.data) frame_bgr.copyTo(out_bgr);
  } else {
    mask_pipeline_.run(frame_bgr, model_mask, alpha_);
    // The background reads the frame now (the output may be written over
    // it), and the person's full alpha: the blur leaves the person out.
    background_->prepare({frame_bgr, alpha_});
    const cv::Mat* person = &frame_bgr;
    if (!selfie_.empty()) {
      frame_bgr.copyTo(person_);
      selfie_.apply(person_);
      person = &person_;
    }
    if (light_wrap_) {
      light_wrap_->apply(*person, alpha_, *background_, wrapped_);
      person = &wrapped_;
    }
    if (settings_.selfie_opacity < 100) alpha_.convertTo(alpha_, -1, settings_.selfie_opacity / 100.0);
    if (portrait_) {
      // The light rides on the blend: each row is lit as it is written.
      portrait_->prepare(frame_bgr, alpha_, mask_pipeline_.grey_low(), mask_pipeline_.alpha_low());
      blender_.run(
          *person, *background_, alpha_, [this](int y) { return portrait_->gain_row(y, alpha_.ptr<std::uint8_t>(y)); },
          out_bgr);
    } else {
      blender_.run(*person, *background_, alpha_, out_bgr);
    }
  }
  if (overlay_) overlay_->apply(out_bgr);
}

bool Compositor::supports_yuv() const {
  return !denoiser_ && selfie_.empty() && !light_wrap_ && !overlay_ && (!background_ || background_->supports_yuv());
}

void Compositor::compose(YuvImage& frame, const cv::Mat& model_mask) { compose(YuvView(frame), model_mask, frame); }

void Compositor::compose(const YuvView& frame, const cv::Mat& model_mask, YuvImage& out) {
  if (!supports_yuv()) fail("compositor: these settings have no YUV path");
  if (frame.empty()) fail("compositor: empty frame");
  if (!background_) {
    // The person passes through over the real background.
    if (out.empty() || out.data() != frame.y().data) frame.copy_to(out);
    return;
  }
  mask_pipeline_.run_luma(frame.y(), model_mask, alpha_);
  // Halved once for the blend's chroma and the blur's reductions; the
  // mask's guide (Y averaged) is offered to the blur too.
  halve_u8(alpha_, alpha_half_);
  background_->prepare_yuv({frame, alpha_, alpha_half_, mask_pipeline_.grey_low()});
  if (settings_.selfie_opacity < 100) {
    alpha_.convertTo(alpha_, -1, settings_.selfie_opacity / 100.0);
    halve_u8(alpha_, alpha_half_);
  }
  if (portrait_) {
    // As on BGR, the light rides on the blend; MaskPipeline's grey here is
    // the limited-range luma, which the light stretches to full range.
    portrait_->prepare_luma(frame.y(), alpha_, mask_pipeline_.grey_low(), mask_pipeline_.alpha_low());
    blender_.run(
        frame, *background_, alpha_, alpha_half_, [this](int c) { return portrait_->yuv_gains(c, alpha_); }, out);
  } else {
    blender_.run(frame, *background_, alpha_, alpha_half_, out);
  }
}

ReloadResult Compositor::reload_files() {
  ReloadResult result{true, ""};
  auto add = [&](const ReloadResult& part) {
    result.ok = result.ok && part.ok;
    if (!result.message.empty()) result.message += "; ";
    result.message += part.message;
  };
  if (background_) add(background_->reload());
  if (overlay_) add(overlay_->reload());
  if (result.message.empty()) result.message = "no files to reload";
  return result;
}

std::shared_future<ReloadResult> Compositor::reload() {
  using namespace std::chrono_literals;
  if (reloading_.valid() && reloading_.wait_for(0s) != std::future_status::ready) {
    spdlog::info("a reload is already running");
    return reloading_;
  }
  reloading_ = std::async(std::launch::async, [this] { return reload_files(); }).share();
  return reloading_;
}

}  // namespace fakecam::compose
