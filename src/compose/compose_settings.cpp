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
}

}  // namespace fakecam::compose
