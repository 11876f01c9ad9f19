// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Effects on a background (--background=...,brightness=80,cmap=ocean): wraps
// another provider, renders its rows into a frame and applies the effect
// chain. For a still provider (an image, a colour) with effects that do not
// move, the result is made once and kept until the picture or the frame size
// changes; otherwise it is redone every frame.

#include <memory>

#include "compose/background/background.hpp"
#include "compose/effects/effect_chain.hpp"

namespace fakecam::compose {

class EffectBackground final : public Background {
 public:
  EffectBackground(std::unique_ptr<Background> inner, EffectList effects);

  void prepare(const BackgroundInput& input) override;
  const std::uint8_t* row(int y, std::uint8_t*) override { return image_.ptr<std::uint8_t>(y); }
  ReloadResult reload() override { return inner_->reload(); }
  bool is_still() const override { return inner_->is_still() && !chain_.animated(); }
  std::uint64_t version() const override { return inner_->version(); }

  Background& inner() { return *inner_; }

 private:
  std::unique_ptr<Background> inner_;
  EffectChain chain_;
  cv::Mat image_;
  bool cached_ = false;
  std::uint64_t cached_version_ = 0;
};

}  // namespace fakecam::compose
