// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/compose_settings.hpp"

#include <cmath>

#include "common/error.hpp"

namespace fakecam::compose {

double blur_sigma(int strength, cv::Size frame) { return strength / 100.0 * 0.03 * frame.height; }

void validate(const ComposeSettings& settings) {
  if (settings.blur_strength < 0 || settings.blur_strength > kMaxBlurStrength) {
    fail("blur strength {}: must be from 0 to {}", settings.blur_strength, kMaxBlurStrength);
  }
  const float t = settings.mask.threshold;
  if (!(t >= 0.0f && t <= 1.0f)) fail("threshold {}: must be from 0 to 1", t);
  const float r = settings.mask.ramp;
  if (!(r >= 0.0f && r <= 1.0f)) fail("edge ramp {}: must be from 0 to 1", r);
  if (settings.background == BackgroundKind::image && settings.image_path.empty()) {
    fail("background image: no file given");
  }
  const float rate = settings.temporal.still_rate;
  if (!(rate > 0.0f && rate <= 1.0f)) fail("mask update speed {}: must be above 0 and at most 1 (100%)", rate);
  if (settings.refine.radius < 1 || settings.refine.radius > 16)
    fail("edge refinement radius {}: must be from 1 to 16", settings.refine.radius);
  if (!(settings.refine.eps > 0.0f && settings.refine.eps < 1.0f))
    fail("edge refinement eps {}: must be between 0 and 1", settings.refine.eps);
  if (!(settings.refine.stable_rate > 0.0f && settings.refine.stable_rate <= 1.0f)) {
    fail("edge refinement stable rate {}: must be in (0, 1]", settings.refine.stable_rate);
  }
  auto percent = [](const char* what, int value, int hi) {
    if (value < 0 || value > hi) fail("{} {}: must be from 0 to {}", what, value, hi);
  };
  percent("light wrap", settings.light_wrap, 100);
  percent("light", settings.light, 100);
  percent("denoise", settings.denoise, 100);
  percent("selfie opacity", settings.selfie_opacity, 100);
  percent("foreground opacity", settings.foreground.opacity, 100);
  if (!settings.foreground.mask_path.empty() && settings.foreground.image_path.empty()) {
    fail("{}: a foreground mask needs a foreground image (-f)", settings.foreground.mask_path.string());
  }
  if (!(settings.output_fps > 0.0 && settings.output_fps <= 1000.0))
    fail("output frame rate {}: must be above 0", settings.output_fps);
}

}  // namespace fakecam::compose
