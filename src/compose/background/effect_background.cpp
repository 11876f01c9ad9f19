// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/effect_background.hpp"

namespace fakecam::compose {

EffectBackground::EffectBackground(std::unique_ptr<Background> inner, EffectList effects)
    : inner_(std::move(inner)), chain_(std::move(effects)) {}

void EffectBackground::prepare(const BackgroundInput& input) {
  inner_->prepare(input);
  const bool still = is_still();
  if (still && cached_ && cached_version_ == inner_->version() && image_.size() == input.frame.size()) return;
  inner_->render_rows(input.frame.size(), image_);
  chain_.apply(image_);
  cached_ = still;
  cached_version_ = inner_->version();
}

}  // namespace fakecam::compose
