// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The successor's per-layer options, one small language for all three layers:
//
//   --background=file=beach.mp4,blur=20,brightness=80
//   --selfie=hologram,opacity=90
//   --mask=foreground=podium.png,mask-file=podium-mask.png,opacity=80
//
// A spec is a comma-separated list of items, each `name` or `name=value`.
// Values with commas or spaces may be quoted ('...' or "..."); a colour may be
// written R,G,B without quotes (solid=0,255,0). Effects (blur, brightness,
// cmap, hologram, solid) run in the order written; the other items set what
// the layer shows. Every error names the option and the item that is wrong.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "compose/compose_settings.hpp"
#include "compose/effects/effect_chain.hpp"

namespace fakecam::app {

struct SpecItem {
  std::string name;   // lower case
  std::string value;  // unquoted; empty when !has_value
  bool has_value = false;
  std::string text;  // as written, for error messages
};

// Splits `text` into items (see above). `option` names the flag in errors.
std::vector<SpecItem> split_spec(std::string_view option, std::string_view text);

// --background=
struct BackgroundLayerSpec {
  std::optional<std::string> file;       // file=PATH: image or video
  bool camera = false;                   // no | camera: the real background (effects still apply)
  std::optional<cv::Vec3b> colour;       // solid=COLOUR | colour=COLOUR (BGR)
  std::optional<compose::ImageFit> fit;  // cover|crop, letterbox|fit, tile, stretch
  std::optional<int> mask_update_speed;  // mask-update-speed=0..100
  compose::EffectList effects;
};

// --selfie=
struct SelfieLayerSpec {
  compose::EffectList effects;
  std::optional<int> opacity;  // opacity=0..100: how much of the person shows
};

// --mask= (the foreground overlay drawn over everything, e.g. a podium)
struct OverlayLayerSpec {
  std::optional<std::string> image;      // foreground=PATH | file=PATH
  std::optional<std::string> mask_file;  // mask-file=PATH (white = opaque)
  bool disabled = false;                 // no
  std::optional<int> opacity;            // opacity=0..100
  compose::EffectList effects;
};

// Throw Error with one line naming the option and the bad item.
BackgroundLayerSpec parse_background_spec(std::string_view text);
SelfieLayerSpec parse_selfie_spec(std::string_view text);
OverlayLayerSpec parse_overlay_spec(std::string_view text);

// The reference for --help: every item of each layer, with examples.
std::string layer_spec_help();

}  // namespace fakecam::app
