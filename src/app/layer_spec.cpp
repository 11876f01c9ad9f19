// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/layer_spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/error.hpp"
#include "compose/colour.hpp"

namespace fakecam::app {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_integer(std::string_view s) {
  s = trim(s);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// Items that take a colour: a bare R,G,B continues over the next two items.
bool takes_colour(std::string_view name) { return name == "solid" || name == "colour" || name == "color"; }

// Splits at commas outside quotes; quotes are kept (removed per value).
std::vector<std::string> split_raw(std::string_view option, std::string_view text) {
  std::vector<std::string> parts;
  std::string current;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      current += c;
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
      current += c;
    } else if (c == ',' || c == '\n') {
      // A newline too: CLI11 joins a value the config file split at its
      // commas, or a repeated flag, with newlines.
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (quote != 0) fail("{}={}: a quote ({}) is not closed", option, text, quote);
  parts.push_back(current);
  return parts;
}

std::string unquote(std::string_view option, std::string_view text, std::string_view value) {
  value = trim(value);
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front()) {
    return std::string(value.substr(1, value.size() - 2));
  }
  if (value.find_first_of("'\"") != std::string_view::npos) {
    fail("{}: '{}': quote the whole value ('...' or \"...\")", option, text);
  }
  return std::string(value);
}

// A whole number in [lo, hi]; a trailing % is allowed (opacity=80%).
int number(std::string_view option, const SpecItem& item, int lo, int hi) {
  std::string_view v = trim(item.value);
  if (!v.empty() && v.back() == '%') v.remove_suffix(1);
  int n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (!item.has_value || v.empty() || ec != std::errc() || end != v.data() + v.size() || n < lo || n > hi) {
    fail("{}: '{}': {} takes a whole number from {} to {}", option, item.text, item.name, lo, hi);
  }
  return n;
}

void no_value(std::string_view option, const SpecItem& item) {
  if (item.has_value) fail("{}: '{}': {} takes no value", option, item.text, item.name);
}

std::string path_value(std::string_view option, const SpecItem& item) {
  if (!item.has_value || item.value.empty())
    fail("{}: '{}': {} needs a file name ({}=PATH)", option, item.text, item.name, item.name);
  return item.value;
}

cv::Vec3b colour_value(std::string_view option, const SpecItem& item) {
  if (!item.has_value)
    fail("{}: '{}': {} needs a colour ({}=#RRGGBB, a name or R,G,B)", option, item.text, item.name, item.name);
  try {
    return compose::parse_colour(item.value);
  } catch (const Error& e) {
    fail("{}: {}", option, e.what());
  }
}

// An effect item, if `item` is one; nullopt for other names.
std::optional<compose::Effect> effect_item(std::string_view option, const SpecItem& item, bool solid_is_effect) {
  if (item.name == "blur") {
    return compose::BlurEffect{item.has_value ? number(option, item, 0, compose::kMaxBlurStrength)
                                              : compose::kDefaultBlurStrength};
  }
  if (item.name == "brightness") return compose::BrightnessEffect{number(option, item, 0, 200)};
  if (item.name == "cmap" || item.name == "colormap" || item.name == "colourmap") {
    if (!item.has_value)
      fail("{}: '{}': cmap needs a colour map name; one of: {}", option, item.text, compose::colour_map_names());
    try {
      return compose::ColourMapEffect{compose::parse_colour_map(item.value)};
    } catch (const Error& e) {
      fail("{}: {}", option, e.what());
    }
  }
  if (item.name == "hologram") {
    no_value(option, item);
    return compose::HologramEffect{};
  }
  if (solid_is_effect && takes_colour(item.name)) return compose::SolidEffect{colour_value(option, item)};
  return std::nullopt;
}

[[noreturn]] void unknown(std::string_view option, const SpecItem& item, std::string_view known) {
  fail("{}: '{}': unknown item '{}'; {} takes: {} (see fakecam --help)", option, item.text, item.name, option, known);
}

constexpr std::string_view kEffectItems = "blur[=N], brightness=N, cmap=NAME, hologram";

}  // namespace

std::vector<SpecItem> split_spec(std::string_view option, std::string_view text) {
  std::vector<SpecItem> items;
  const std::vector<std::string> parts = split_raw(option, text);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string_view part = trim(parts[i]);
    if (part.empty()) {
      if (parts.size() == 1) break;  // an empty spec: no items
      fail("{}={}: an empty item (two commas in a row, or a comma at an end)", option, text);
    }
    SpecItem item;
    const std::size_t eq = part.find('=');
    item.name = lower(trim(part.substr(0, eq)));
    item.text = std::string(part);
    if (eq != std::string_view::npos) {
      item.has_value = true;
      item.value = unquote(option, part, part.substr(eq + 1));
      // solid=R,G,B: the two numbers after it belong to the colour.
      if (takes_colour(item.name) && is_integer(item.value) && i + 2 < parts.size() && is_integer(parts[i + 1]) &&
          is_integer(parts[i + 2])) {
        item.value += "," + std::string(trim(parts[i + 1])) + "," + std::string(trim(parts[i + 2]));
        item.text += "," + std::string(trim(parts[i + 1])) + "," + std::string(trim(parts[i + 2]));
        i += 2;
      }
    }
    if (item.name.empty()) fail("{}: '{}': an item needs a name before '='", option, item.text);
    items.push_back(std::move(item));
  }
  return items;
}

BackgroundLayerSpec parse_background_spec(std::string_view text) {
  constexpr std::string_view option = "--background";
  BackgroundLayerSpec spec;
  for (const SpecItem& item : split_spec(option, text)) {
    if (auto effect = effect_item(option, item, false)) {
      spec.effects.push_back(*effect);
    } else if (item.name == "file") {
      spec.file = path_value(option, item);
    } else if (item.name == "no" || item.name == "camera") {
      no_value(option, item);
      spec.camera = true;
    } else if (takes_colour(item.name)) {
      spec.colour = colour_value(option, item);
    } else if (item.name == "cover" || item.name == "crop") {
      no_value(option, item);
      spec.fit = compose::ImageFit::cover;
    } else if (item.name == "letterbox" || item.name == "fit" || item.name == "keep-aspect") {
      no_value(option, item);
      spec.fit = compose::ImageFit::fit;
    } else if (item.name == "tile") {
      no_value(option, item);
      spec.fit = compose::ImageFit::tile;
    } else if (item.name == "stretch") {
      no_value(option, item);
      spec.fit = compose::ImageFit::stretch;
    } else if (item.name == "mask-update-speed") {
      spec.mask_update_speed = number(option, item, 0, 100);
    } else if (item.name == "opacity") {
      fail("{}: '{}': opacity is for --selfie and --mask (the background is what shows through)", option, item.text);
    } else {
      unknown(option, item,
              "file=PATH, no|camera, solid=COLOUR, cover|crop, letterbox, tile, stretch, mask-update-speed=N, "
              "blur[=N], brightness=N, cmap=NAME, hologram");
    }
  }
  const int sources = (spec.file ? 1 : 0) + (spec.camera ? 1 : 0) + (spec.colour ? 1 : 0);
  if (sources > 1) fail("{}={}: choose one of file=, no (the camera) and solid=", option, text);
  return spec;
}

SelfieLayerSpec parse_selfie_spec(std::string_view text) {
  constexpr std::string_view option = "--selfie";
  SelfieLayerSpec spec;
  for (const SpecItem& item : split_spec(option, text)) {
    if (auto effect = effect_item(option, item, true)) {
      spec.effects.push_back(*effect);
    } else if (item.name == "opacity") {
      spec.opacity = number(option, item, 0, 100);
    } else {
      unknown(option, item, std::string(kEffectItems) + ", solid=COLOUR, opacity=N");
    }
  }
  return spec;
}

OverlayLayerSpec parse_overlay_spec(std::string_view text) {
  constexpr std::string_view option = "--mask";
  OverlayLayerSpec spec;
  for (const SpecItem& item : split_spec(option, text)) {
    if (auto effect = effect_item(option, item, true)) {
      spec.effects.push_back(*effect);
    } else if (item.name == "foreground" || item.name == "file") {
      spec.image = path_value(option, item);
    } else if (item.name == "mask-file") {
      spec.mask_file = path_value(option, item);
    } else if (item.name == "no") {
      no_value(option, item);
      spec.disabled = true;
    } else if (item.name == "opacity") {
      spec.opacity = number(option, item, 0, 100);
    } else {
      unknown(
          option, item,
          "foreground=PATH|file=PATH, mask-file=PATH, no, opacity=N, " + std::string(kEffectItems) + ", solid=COLOUR");
    }
  }
  if (spec.disabled && (spec.image || spec.mask_file))
    fail("{}={}: 'no' turns the overlay off; drop it or the files", option, text);
  return spec;
}

std::string layer_spec_help() {
  return "Layers and effects (the successor's syntax; items are comma-separated, effects run in the order written):\n"
         "  --background=ITEMS  file=PATH (image or video, looped), no|camera (the real background),\n"
         "                      solid=COLOUR, cover|crop (default), letterbox, tile, stretch,\n"
         "                      mask-update-speed=0-100, and effects\n"
         "  --selfie=ITEMS      effects on the person, opacity=0-100\n"
         "  --mask=ITEMS        the overlay drawn over everything: foreground=PATH, mask-file=PATH\n"
         "                      (white = opaque; default: the image's own transparency), no, opacity=0-100, effects\n"
         "  effects: blur[=0-100] (default 50), brightness=0-200 (100 = unchanged), cmap=NAME\n"
         "           (" +
         compose::colour_map_names() +
         "),\n"
         "           hologram, solid=COLOUR (#RRGGBB, a name or R,G,B)\n"
         "Examples:\n"
         "  fakecam --background=file=beach.mp4,brightness=80      a looping video, a little darker\n"
         "  fakecam --background=no,blur=30 --selfie=cmap=viridis   blurred room, false-colour person\n"
         "  fakecam --background=file=stars.jpg --selfie=hologram,opacity=85\n"
         "  fakecam -i ~/podium --mask=opacity=90                   background.*, foreground.*, foreground-mask.*\n"
         "  fakecam --blur 70 --soft-edge 0.3 --light-wrap 40       strong blur, softer edge, background light on the "
         "edge\n";
}

}  // namespace fakecam::app
