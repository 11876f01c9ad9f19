// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The seed's foreground (-f IMAGE -m MASK, or foreground.* and
// foreground-mask.* in the image folder): a picture drawn over the composed
// frame, e.g. a podium or a logo. Like the seed, it is stretched to the
// frame. The mask is white where the picture covers the frame; without one,
// the picture's own transparency (PNG/WebP alpha) is used.
//
// Only the rows and columns the mask covers are blended, so a podium at the
// bottom costs a fraction of a full-frame blend. The scaled picture (with its
// effects) is cached; reload() reads the files on the calling thread and the
// next apply() switches to them.

#include <filesystem>
#include <mutex>
#include <optional>

#include <opencv2/core.hpp>

#include "compose/background/background.hpp"
#include "compose/compose_settings.hpp"
#include "compose/effects/effect_chain.hpp"
#include "compose/kernels/blend.hpp"

namespace fakecam::compose {

class ForegroundOverlay {
 public:
  // Reads the files now; throws Error naming the file when one is missing,
  // undecodable or empty, when the mask's size differs from the image's, or
  // when there is no mask and the image has no transparency.
  explicit ForegroundOverlay(ForegroundSettings settings);

  // Draws the overlay over `frame` (CV_8UC3) in place.
  void apply(cv::Mat& frame);

  // Reads both files again; on failure the overlay in use is kept and the
  // result says why (also logged). Thread-safe against apply().
  ReloadResult reload();

  // The picture and its alpha (opacity applied) at the last frame size.
  const cv::Mat& scaled_image() const { return image_; }
  const cv::Mat& scaled_alpha() const { return alpha_; }
  cv::Rect covered() const { return covered_; }

 private:
  struct Source {
    cv::Mat image;  // BGR
    cv::Mat alpha;  // CV_8UC1, same size
  };
  static Source load(const ForegroundSettings& settings);
  void fit(cv::Size size);

  ForegroundSettings settings_;
  EffectChain chain_;
  Source source_;
  std::mutex mutex_;
  std::optional<Source> pending_;
  cv::Mat image_, alpha_;  // at frame size
  cv::Rect covered_;       // bounding box of alpha_ > 0
  Blender blender_;
};

}  // namespace fakecam::compose
