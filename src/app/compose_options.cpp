// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose_options.hpp"

#include <filesystem>
#include <optional>
#include <system_error>

#include "app/assets.hpp"
#include "app/layer_spec.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "compose/background/image_background.hpp"
#include "compose/colour.hpp"

namespace fakecam::app {
namespace {

using compose::BackgroundKind;

std::filesystem::path existing(const std::string& flag, const std::string& name, const std::string& folder) {
  auto found = find_asset(name, folder);
  if (!found) {
    std::error_code ec;
    for (const auto& path : {std::filesystem::path(name), std::filesystem::path(folder) / name}) {
      if (std::filesystem::is_directory(path, ec))
        fail("{} {}: is a directory, not an image or video file", flag, path.string());
    }
    fail("{} {}: no such file (also looked in the image folder {})", flag, name, folder);
  }
  return *found;
}

// The background's source, before effects.
enum class Source { unset, file, camera, colour };

void choose_background(const Settings& s, const BackgroundLayerSpec& spec, compose::ComposeSettings& c) {
  const bool spec_source = spec.file || spec.camera || spec.colour;
  if (spec_source && !s.background_image.empty()) {
    fail("--background={} and -b/--background-image {} both name the background; choose one", s.background_spec,
         s.background_image);
  }
  if (spec_source && s.no_background && !spec.camera) {
    fail("--background={} and --no-background contradict each other; choose one", s.background_spec);
  }
  if (spec.colour && !s.background_colour.empty()) {
    fail("--background={} and --background-colour {} both set the colour; choose one", s.background_spec,
         s.background_colour);
  }
  // Effects: --blur first (it is the seed's "blur the background"), then
  // the spec's, then the seed's --cmap-bg.
  compose::EffectList effects;
  if (s.blur) effects.push_back(compose::BlurEffect{*s.blur});
  effects.insert(effects.end(), spec.effects.begin(), spec.effects.end());
  if (!s.cmap_bg.empty()) effects.push_back(compose::ColourMapEffect{compose::parse_colour_map(s.cmap_bg)});

  Source source = Source::unset;
  if (spec.file) {
    c.image_path = existing("--background=file=", *spec.file, s.image_folder);
    source = Source::file;
  } else if (spec.camera || s.no_background) {
    source = Source::camera;  // the real background, as it is (or with the effects asked for)
  } else if (spec.colour) {
    c.colour = *spec.colour;
    source = Source::colour;
  } else if (!s.background_image.empty()) {
    c.image_path = existing("-b/--background-image", s.background_image, s.image_folder);
    source = Source::file;
  } else if (!s.background_colour.empty()) {
    source = Source::colour;
  } else if (auto found = find_asset("background.*", s.image_folder)) {
    // The seed's default: background.* in the image folder, when there is one.
    c.image_path = *found;
    source = Source::file;
  } else {
    // fakecam's default look: the real background, blurred (and any
    // effects asked for on top).
    source = Source::camera;
    if (effects.empty() || !std::holds_alternative<compose::BlurEffect>(effects.front())) {
      effects.insert(effects.begin(), compose::BlurEffect{compose::kDefaultBlurStrength});
    }
  }

  switch (source) {
    case Source::file:
      c.background = BackgroundKind::image;
      break;
    case Source::colour:
      c.background = BackgroundKind::colour;
      break;
    case Source::camera:
    case Source::unset:
      // The camera's own background, blurred by a first blur effect: the
      // fast halo-free blur does that.
      if (!effects.empty() && std::holds_alternative<compose::BlurEffect>(effects.front())) {
        c.background = BackgroundKind::blur;
        c.blur_strength = std::get<compose::BlurEffect>(effects.front()).strength;
        effects.erase(effects.begin());
      } else {
        c.background = BackgroundKind::none;
      }
      break;
  }
  c.background_effects = std::move(effects);
}

void choose_overlay(const Settings& s, const OverlayLayerSpec& spec, compose::ForegroundSettings& f) {
  if (spec.image && !s.foreground_image.empty()) {
    fail("--mask={} and -f/--foreground-image {} both name the foreground; choose one", s.mask_spec,
         s.foreground_image);
  }
  if (spec.mask_file && !s.foreground_mask_image.empty()) {
    fail("--mask={} and -m/--foreground-mask-image {} both name the foreground mask; choose one", s.mask_spec,
         s.foreground_mask_image);
  }
  if (s.no_foreground || spec.disabled) return;
  const bool explicit_image = spec.image || !s.foreground_image.empty();
  const bool explicit_mask = spec.mask_file || !s.foreground_mask_image.empty();
  if (spec.image) f.image_path = existing("--mask=foreground=", *spec.image, s.image_folder);
  if (!s.foreground_image.empty()) f.image_path = existing("-f/--foreground-image", s.foreground_image, s.image_folder);
  if (spec.mask_file) f.mask_path = existing("--mask=mask-file=", *spec.mask_file, s.image_folder);
  if (!s.foreground_mask_image.empty())
    f.mask_path = existing("-m/--foreground-mask-image", s.foreground_mask_image, s.image_folder);
  if (!explicit_image) {
    if (auto found = find_asset("foreground.*", s.image_folder)) f.image_path = *found;
  }
  if (!explicit_mask && !f.image_path.empty()) {
    if (auto found = find_asset("foreground-mask.*", s.image_folder)) f.mask_path = *found;
  }
  if (f.image_path.empty()) {
    if (explicit_mask)
      fail("{}: a foreground mask needs a foreground image (-f, or foreground.* in the image folder)",
           f.mask_path.string());
    return;
  }
  if (!explicit_image && f.mask_path.empty() &&
      (compose::is_jpeg(f.image_path) || compose::read_alpha_channel(f.image_path).empty())) {
    // Found by its name only, and unusable without a mask: say so, go on.
    spdlog::warn(
        "{}: no foreground-mask.* next to it and no transparency in it; not drawn (add a mask or use --no-foreground)",
        f.image_path.string());
    f.image_path.clear();
    return;
  }
  f.opacity = spec.opacity ? *spec.opacity : s.foreground_opacity;
  f.effects = spec.effects;
}

// The fit the seed's flags choose; they exclude each other. The one check
// for the command line (finish_compose_flags) and the compositor's settings.
std::optional<compose::ImageFit> legacy_fit(const Settings& s) {
  std::optional<compose::ImageFit> fit;
  int legacy_fits = 0;
  if (s.tile_background) fit = compose::ImageFit::tile, ++legacy_fits;
  if (s.background_keep_aspect) fit = compose::ImageFit::fit, ++legacy_fits;
  if (s.background_stretch) fit = compose::ImageFit::stretch, ++legacy_fits;
  if (legacy_fits > 1) fail("choose one of --tile-background, --background-keep-aspect and --background-stretch");
  return fit;
}

}  // namespace

compose::ComposeSettings make_compose_settings(const Settings& s) {
  // A mistyped folder would otherwise quietly give the default look.
  std::error_code ec;
  if (!std::filesystem::is_directory(s.image_folder, ec)) {
    fail("-i/--image-folder {}: {}", s.image_folder,
         std::filesystem::exists(s.image_folder, ec) ? "not a directory" : "no such directory");
  }
  compose::ComposeSettings c;
  c.mask.threshold = static_cast<float>(s.threshold);
  c.mask.ramp = static_cast<float>(s.soft_edge);
  c.refine.enabled = !s.no_refine_edges;
  c.light_wrap = s.light_wrap;
  c.light = s.light;
  c.denoise = s.denoise;
  c.output_fps = s.fps;
  if (!s.background_colour.empty()) c.colour = compose::parse_colour(s.background_colour);

  const BackgroundLayerSpec background = parse_background_spec(s.background_spec);
  const std::optional<compose::ImageFit> legacy = legacy_fit(s);
  if (legacy) c.fit = *legacy;
  if (background.fit) {
    if (legacy)
      fail(
          "--background={} and a --tile-background/--background-keep-aspect/--background-stretch flag both set the "
          "fit; choose one",
          s.background_spec);
    c.fit = *background.fit;
  }
  choose_background(s, background, c);

  // The spec's mask-update-speed, else the flag (the successor's percentage).
  const double speed = background.mask_update_speed ? *background.mask_update_speed : s.mask_update_speed;
  if (!(speed > 0.0 && speed <= 100.0)) fail("mask update speed {}: must be above 0 and at most 100 (%)", speed);
  c.temporal.still_rate = static_cast<float>(speed / 100.0);

  const SelfieLayerSpec selfie = parse_selfie_spec(s.selfie_spec);
  if (s.hologram) c.selfie_effects.push_back(compose::HologramEffect{});
  if (!s.cmap_person.empty())
    c.selfie_effects.push_back(compose::ColourMapEffect{compose::parse_colour_map(s.cmap_person)});
  c.selfie_effects.insert(c.selfie_effects.end(), selfie.effects.begin(), selfie.effects.end());
  if (selfie.opacity) c.selfie_opacity = *selfie.opacity;

  choose_overlay(s, parse_overlay_spec(s.mask_spec), c.foreground);
  compose::validate(c);
  return c;
}

void finish_compose_flags(Settings& s) {
  legacy_fit(s);  // the seed's fit flags exclude each other
  // (--soft-edge and --threshold are checked by the parser: 0..1 or N%.)
  // The specs' syntax now, so a typo is reported before anything is opened.
  const BackgroundLayerSpec background = parse_background_spec(s.background_spec);
  // Flags that choose the background exclude each other: none silently wins.
  // (With an image kept whole, --background-colour is the bars' colour.)
  const bool image_named = !s.background_image.empty() || background.file;
  const bool letterbox = s.background_keep_aspect || background.fit == compose::ImageFit::fit;
  if (image_named && !s.background_colour.empty() && !letterbox) {
    fail(
        "{} and --background-colour {} both set the background (the colour only fills the bars of "
        "--background-keep-aspect); choose one",
        s.background_image.empty() ? "--background=" + s.background_spec
                                   : "-b/--background-image " + s.background_image,
        s.background_colour);
  }
  if (s.no_background && (!s.background_image.empty() || !s.background_colour.empty())) {
    fail("--no-background and {} contradict each other; choose one",
         s.background_image.empty() ? "--background-colour " + s.background_colour
                                    : "-b/--background-image " + s.background_image);
  }
  if (s.blur && !image_named && (!s.background_colour.empty() || background.colour)) {
    fail("--blur and a solid background colour: blurring one colour changes nothing; choose one");
  }
  parse_selfie_spec(s.selfie_spec);
  parse_overlay_spec(s.mask_spec);
  if (!s.cmap_person.empty()) compose::parse_colour_map(s.cmap_person);
  if (!s.cmap_bg.empty()) compose::parse_colour_map(s.cmap_bg);
  if (!s.background_colour.empty()) compose::parse_colour(s.background_colour);
}

std::string compose_help() { return layer_spec_help(); }

}  // namespace fakecam::app
