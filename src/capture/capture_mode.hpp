// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which of a camera's modes (format x frame size x frame rate) to use for what
// the user asked. Pure functions over the list the driver enumerated, so the
// rules are unit-tested without a camera.

#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "capture/capture_format.hpp"
#include "common/pixel_format.hpp"

namespace fakecam::capture {

struct CaptureMode {
  PixelFormat format = PixelFormat::mjpeg;
  cv::Size size;
  double fps = 0;  // 0 when the driver does not say
  friend bool operator==(const CaptureMode&, const CaptureMode&) = default;
};

struct ModeRequest {
  cv::Size size{1280, 720};
  double fps = 30;
  std::optional<PixelFormat> format;  // nullopt: best by format_rank()
};

// "MJPG 1280x720 @30" (fps printed with up to two decimals: "@29.97").
std::string mode_text(const CaptureMode& mode);

// The mode to use, or nullopt when no mode has a format fakecam converts.
//
// "Nearest" when the exact mode is missing, as a lexicographic order:
//  1. the requested format, if the camera offers it at all (else fall back to
//     format_rank order at step 6);
//  2. size: the exact size; else the smallest size at least as large in both
//     dimensions (the picture is scaled down, never up); else, when the camera
//     has nothing that large, the largest it has;
//  3. within 2, a size of the requested aspect ratio (within 2 %) beats one
//     that is not, so 1280x720 prefers 1920x1080 to 1280x960 — the picture is
//     not stretched or cropped;
//  4. frame rate: modes reaching the requested rate (within 1 %, so 29.97
//     counts as 30) first, the one closest to it; else the highest rate;
//  5. format_rank (MJPEG, then YUYV, ...).
// So size beats rate (a 720p request gets 720p@10 rather than 480p@30) and
// rate beats format (YUYV 720p@30 beats MJPEG 720p@15).
std::optional<CaptureMode> choose_mode(const std::vector<CaptureMode>& modes, const ModeRequest& request);

// For drivers that describe sizes or rates as a range (stepwise/continuous):
// the value in [min, max] on the grid min + k*step nearest to `wanted`.
int snap_to_range(int wanted, int min, int max, int step);
double clamp_rate(double wanted, double min, double max);

}  // namespace fakecam::capture
