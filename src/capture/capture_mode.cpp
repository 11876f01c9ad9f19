// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/capture_mode.hpp"
#include "v4l2/pixel_format.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

namespace fakecam::capture {

namespace {

bool same_rate(double a, double b) { return std::abs(a - b) <= 0.01 * b; }

bool same_aspect(cv::Size a, cv::Size b) {
  const double ra = static_cast<double>(a.width) / a.height;
  const double rb = static_cast<double>(b.width) / b.height;
  return std::abs(ra - rb) <= 0.02 * rb;
}

// Smaller is better, compared lexicographically; see choose_mode().
using Key = std::tuple<int, int, int, double, int, double, int>;

Key rank(const CaptureMode& mode, const ModeRequest& request, bool filter_format) {
  const int format_miss = filter_format && mode.format != *request.format ? 1 : 0;

  const cv::Size want = request.size;
  const bool exact = mode.size == want;
  const bool covers = mode.size.width >= want.width && mode.size.height >= want.height;
  const int size_class = exact ? 0 : covers ? 1 : 2;
  const int aspect_miss = same_aspect(mode.size, want) ? 0 : 1;
  const double area = static_cast<double>(mode.size.area());
  const double area_order = size_class == 1 ? area : size_class == 2 ? -area : 0.0;

  const bool reaches = mode.fps >= request.fps || same_rate(mode.fps, request.fps);
  const int rate_class = reaches ? 0 : 1;
  const double rate_order = !reaches ? -mode.fps : same_rate(mode.fps, request.fps) ? 0.0 : mode.fps - request.fps;

  return {
      format_miss, size_class, aspect_miss, area_order, rate_class, rate_order, format_rank(mode.format).value_or(99)};
}

}  // namespace

std::string mode_text(const CaptureMode& mode) {
  const double rounded = std::round(mode.fps * 100) / 100;
  return fmt::format("{} {}x{} @{}", v4l2::fourcc_name(mode.format), mode.size.width, mode.size.height, rounded);
}

std::optional<CaptureMode> choose_mode(const std::vector<CaptureMode>& modes, const ModeRequest& request) {
  std::vector<CaptureMode> usable;
  for (const auto& mode : modes) {
    if (format_rank(mode.format) && mode.size.width > 0 && mode.size.height > 0) usable.push_back(mode);
  }
  if (usable.empty()) return std::nullopt;
  const bool filter_format = request.format && std::any_of(usable.begin(), usable.end(),
                                                           [&](const auto& m) { return m.format == *request.format; });
  return *std::min_element(usable.begin(), usable.end(), [&](const auto& a, const auto& b) {
    return rank(a, request, filter_format) < rank(b, request, filter_format);
  });
}

int snap_to_range(int wanted, int min, int max, int step) {
  if (max < min) std::swap(min, max);
  if (wanted <= min) return min;
  if (wanted >= max) return max;
  if (step <= 1) return wanted;
  const int below = min + (wanted - min) / step * step;
  const int above = std::min(below + step, max);
  return wanted - below <= above - wanted ? below : above;
}

double clamp_rate(double wanted, double min, double max) {
  if (max < min) std::swap(min, max);
  return std::clamp(wanted, min, max);
}

}  // namespace fakecam::capture
