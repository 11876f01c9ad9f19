// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/effect_chain.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/background/blur_background.hpp"

namespace fakecam::compose {
namespace {

struct NamedMap {
  std::string_view name;
  int map;
};

constexpr std::array kMaps{
    NamedMap{"autumn", cv::COLORMAP_AUTUMN},     NamedMap{"bone", cv::COLORMAP_BONE},
    NamedMap{"jet", cv::COLORMAP_JET},           NamedMap{"winter", cv::COLORMAP_WINTER},
    NamedMap{"rainbow", cv::COLORMAP_RAINBOW},   NamedMap{"ocean", cv::COLORMAP_OCEAN},
    NamedMap{"summer", cv::COLORMAP_SUMMER},     NamedMap{"spring", cv::COLORMAP_SPRING},
    NamedMap{"cool", cv::COLORMAP_COOL},         NamedMap{"hsv", cv::COLORMAP_HSV},
    NamedMap{"pink", cv::COLORMAP_PINK},         NamedMap{"hot", cv::COLORMAP_HOT},
    NamedMap{"parula", cv::COLORMAP_PARULA},     NamedMap{"magma", cv::COLORMAP_MAGMA},
    NamedMap{"inferno", cv::COLORMAP_INFERNO},   NamedMap{"plasma", cv::COLORMAP_PLASMA},
    NamedMap{"viridis", cv::COLORMAP_VIRIDIS},   NamedMap{"cividis", cv::COLORMAP_CIVIDIS},
    NamedMap{"twilight", cv::COLORMAP_TWILIGHT}, NamedMap{"twilight_shifted", cv::COLORMAP_TWILIGHT_SHIFTED},
    NamedMap{"turbo", cv::COLORMAP_TURBO},       NamedMap{"deepgreen", cv::COLORMAP_DEEPGREEN},
};

// A reproducible random number in [0, 1) for (frame, row): the bands flicker
// like the seed's np.random, but a test can replay a frame.
double hash_unit(std::uint64_t tick, std::uint64_t row) {
  std::uint64_t x = tick * 0x9E3779B97F4A7C15ull ^ (row + 0x632BE59BD9B4E019ull) * 0xBF58476D1CE4E5B9ull;
  x ^= x >> 31;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 29;
  return static_cast<double>(x >> 11) / static_cast<double>(1ull << 53);
}

// dst(shifted by (dx, dy)) += weight * src; what moves out of the frame is
// lost and what moves in adds nothing (the seed's shift_image fills zeros).
void add_shifted(const cv::Mat& src, int dx, int dy, double weight, cv::Mat& dst) {
  const int w = src.cols - std::abs(dx), h = src.rows - std::abs(dy);
  if (w <= 0 || h <= 0) return;
  const cv::Rect from(std::max(0, -dx), std::max(0, -dy), w, h);
  const cv::Rect to(std::max(0, dx), std::max(0, dy), w, h);
  cv::Mat target = dst(to);
  cv::addWeighted(target, 1.0, src(from), weight, 0.0, target);
}

}  // namespace

std::string colour_map_names() {
  std::string names;
  for (const auto& m : kMaps) {
    if (!names.empty()) names += ", ";
    names += m.name;
  }
  return names;
}

std::string colour_map_name(int map) {
  for (const auto& m : kMaps) {
    if (m.map == map) return std::string(m.name);
  }
  return std::to_string(map);
}

int parse_colour_map(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& m : kMaps) {
    if (lower == m.name) return m.map;
  }
  fail("'{}': not a colour map; use one of: {}", name, colour_map_names());
}

std::string describe(const Effect& effect) {
  struct Visitor {
    std::string operator()(const BlurEffect& e) const { return fmt::format("blur={}", e.strength); }
    std::string operator()(const BrightnessEffect& e) const { return fmt::format("brightness={}", e.percent); }
    std::string operator()(const ColourMapEffect& e) const { return "cmap=" + colour_map_name(e.map); }
    std::string operator()(const HologramEffect&) const { return "hologram"; }
    std::string operator()(const SolidEffect& e) const {
      return fmt::format("solid=#{:02x}{:02x}{:02x}", e.bgr[2], e.bgr[1], e.bgr[0]);
    }
  };
  return std::visit(Visitor{}, effect);
}

std::string describe(const EffectList& effects) {
  std::string out;
  for (const Effect& e : effects) {
    if (!out.empty()) out += ',';
    out += describe(e);
  }
  return out;
}

bool is_animated(const EffectList& effects) {
  return std::any_of(effects.begin(), effects.end(),
                     [](const Effect& e) { return std::holds_alternative<HologramEffect>(e); });
}

void apply_hologram(cv::Mat& bgr, std::uint64_t tick, cv::Mat& holo, cv::Mat& ghost) {
  CV_Assert(bgr.type() == CV_8UC3);
  // The seed's sizes are pixels of a 720p frame: bands of 3 rows every 7,
  // ghosts 5 px away. They scale with the frame so the look is the same at
  // any resolution.
  const double scale = std::max(1.0, bgr.rows / 720.0);
  const int band = std::max(1, static_cast<int>(std::lround(3 * scale)));
  const int period = band + std::max(1, static_cast<int>(std::lround(4 * scale)));
  const int shift = std::max(1, static_cast<int>(std::lround(5 * scale)));

  // A blue tint: the luminance through the WINTER map (blue to green).
  cv::applyColorMap(bgr, holo, cv::COLORMAP_WINTER);
  // Scan-line bands, each row dimmed to 10-30% at random; they roll down one
  // row per frame.
  const std::uint64_t phase = tick % static_cast<std::uint64_t>(period);
  for (int y = 0; y < holo.rows; ++y) {
    if ((static_cast<std::uint64_t>(y) + static_cast<std::uint64_t>(period) - phase) % period <
        static_cast<std::uint64_t>(band)) {
      cv::Mat row = holo.row(y);
      row.convertTo(row, -1, 0.1 + 0.2 * hash_unit(tick, static_cast<std::uint64_t>(y)));
    }
  }
  // Ghosting, as the seed: g = 0.2 holo + 0.8 holo(+5,+5);
  // g' = 0.4 g + 0.6 holo(-5,-5); out = 0.5 frame + 0.6 g'.
  holo.convertTo(ghost, -1, 0.2);
  add_shifted(holo, shift, shift, 0.8, ghost);
  cv::addWeighted(bgr, 0.5, ghost, 0.6 * 0.4, 0.0, bgr);
  add_shifted(holo, -shift, -shift, 0.6 * 0.6, bgr);
}

EffectChain::EffectChain(EffectList effects) : effects_(std::move(effects)) {}
EffectChain::~EffectChain() = default;
EffectChain::EffectChain(EffectChain&&) noexcept = default;
EffectChain& EffectChain::operator=(EffectChain&&) noexcept = default;

void EffectChain::apply(cv::Mat& bgr) {
  CV_Assert(bgr.type() == CV_8UC3);
  for (const Effect& effect : effects_) {
    if (const auto* blur = std::get_if<BlurEffect>(&effect)) {
      if (blur->strength <= 0) continue;
      if (!blur_ || blur_strength_ != blur->strength) {
        blur_ = std::make_unique<BlurBackground>(blur->strength);
        blur_strength_ = blur->strength;
      }
      blur_->render({bgr, cv::Mat()}, bgr);
    } else if (const auto* bright = std::get_if<BrightnessEffect>(&effect)) {
      if (bright->percent != 100) bgr.convertTo(bgr, -1, bright->percent / 100.0);
    } else if (const auto* map = std::get_if<ColourMapEffect>(&effect)) {
      cv::applyColorMap(bgr, scratch_a_, map->map);
      scratch_a_.copyTo(bgr);
    } else if (std::holds_alternative<HologramEffect>(effect)) {
      apply_hologram(bgr, tick_, scratch_a_, scratch_b_);
    } else if (const auto* solid = std::get_if<SolidEffect>(&effect)) {
      bgr.setTo(cv::Scalar(solid->bgr[0], solid->bgr[1], solid->bgr[2]));
    }
  }
  ++tick_;
}

}  // namespace fakecam::compose
