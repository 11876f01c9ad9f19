// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Picture effects that any layer (background, selfie, foreground overlay) can
// carry, applied in the order the user wrote them: `--selfie=hologram,
// brightness=120` tints first, then brightens. An effect list is plain data
// (settings, parsed by app/layer_spec.hpp); an EffectChain applies one to images
// and keeps the scratch buffers and the per-frame state (the hologram's
// moving bands) between frames.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::compose {

// Gaussian blur; strength 0..100 as --blur (a fraction of the frame height).
struct BlurEffect {
  int strength = 50;
  bool operator==(const BlurEffect&) const = default;
};
// Multiplies every channel: 100 = unchanged, 50 = half as bright, 0..200.
struct BrightnessEffect {
  int percent = 100;
  bool operator==(const BrightnessEffect&) const = default;
};
// False colours through one of OpenCV's colour maps (by luminance).
struct ColourMapEffect {
  int map = 0;  // cv::ColormapTypes
  bool operator==(const ColourMapEffect&) const = default;
};
// The seed's look: blue tint, dark scan-line bands, ghost copies.
struct HologramEffect {
  bool operator==(const HologramEffect&) const = default;
};
// Every pixel one colour (a silhouette when used on the selfie).
struct SolidEffect {
  cv::Vec3b bgr{0, 0, 0};
  bool operator==(const SolidEffect&) const = default;
};

using Effect = std::variant<BlurEffect, BrightnessEffect, ColourMapEffect, HologramEffect, SolidEffect>;
using EffectList = std::vector<Effect>;

// "blur=30" etc., as the user would write it (for logs and --dump-config).
std::string describe(const Effect& effect);
std::string describe(const EffectList& effects);

// True when applying the list twice to the same picture gives different
// results (the hologram's bands move): a still image with such effects must
// be redone every frame.
bool is_animated(const EffectList& effects);

// The colour map called `name` (case-insensitive, e.g. "viridis", "jet",
// "winter"); throws Error listing the names otherwise.
int parse_colour_map(std::string_view name);
std::string colour_map_names();
std::string colour_map_name(int map);

// The seed's hologram, frame `tick` of the animation. Band and ghost sizes
// follow the frame height (the seed's pixel sizes at 720p).
void apply_hologram(cv::Mat& bgr, std::uint64_t tick, cv::Mat& scratch_a, cv::Mat& scratch_b);

class BlurBackground;

class EffectChain {
 public:
  EffectChain() = default;
  explicit EffectChain(EffectList effects);
  ~EffectChain();
  EffectChain(EffectChain&&) noexcept;
  EffectChain& operator=(EffectChain&&) noexcept;

  // Applies every effect to `bgr` (CV_8UC3) in place. Each call is one frame
  // of the animation.
  void apply(cv::Mat& bgr);

  bool empty() const { return effects_.empty(); }
  bool animated() const { return is_animated(effects_); }
  const EffectList& effects() const { return effects_; }

 private:
  EffectList effects_;
  std::uint64_t tick_ = 0;
  cv::Mat scratch_a_, scratch_b_;
  std::unique_ptr<BlurBackground> blur_;  // reused between frames (its buffers)
  int blur_strength_ = -1;
};

}  // namespace fakecam::compose
