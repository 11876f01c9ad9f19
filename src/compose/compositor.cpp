#include "compose/compositor.hpp"

#include "common/error.hpp"
#include "compose/blur_background.hpp"
#include "compose/colour_background.hpp"
#include "compose/image_background.hpp"

namespace fakecam::compose {

std::unique_ptr<Background> make_background(const ComposeSettings& settings) {
  switch (settings.background) {
    case BackgroundKind::blur:
      return std::make_unique<BlurBackground>(settings.blur_strength);
    case BackgroundKind::image:
      return std::make_unique<ImageBackground>(settings.image_path, settings.fit, settings.colour);
    case BackgroundKind::colour:
      return std::make_unique<ColourBackground>(settings.colour);
    case BackgroundKind::none:
      return nullptr;
  }
  return nullptr;
}

namespace {

const ComposeSettings& validated(const ComposeSettings& settings) {
  validate(settings);
  return settings;
}

}  // namespace

Compositor::Compositor(ComposeSettings settings)
    : settings_(validated(settings)), mask_stage_(settings_.mask), background_(make_background(settings_)) {}

void Compositor::compose(const cv::Mat& frame_bgr, const cv::Mat& model_mask, cv::Mat& out_bgr) {
  if (frame_bgr.empty() || frame_bgr.type() != CV_8UC3) fail("compositor: expected an 8-bit 3-channel frame");
  if (!background_) {
    frame_bgr.copyTo(out_bgr);
    return;
  }
  mask_stage_.run(model_mask, frame_bgr.size(), alpha_);
  background_->prepare({frame_bgr, alpha_});
  blender_.run(frame_bgr, *background_, alpha_, out_bgr);
}

ReloadResult Compositor::reload() {
  if (!background_) return {true, "no background in use"};
  return background_->reload();
}

}  // namespace fakecam::compose
