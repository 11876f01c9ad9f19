// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The frame itself, blurred (--blur [STRENGTH]): the default background.
//
// A Gaussian of the size people want (sigma 10-20 px at 720p) costs 30+ ms
// at full resolution, so it is built from cheap parts: a box-filtered
// downscale by a power of two f, a small Gaussian at that scale, and a
// bilinear upscale. Box (variance f^2/12) and bilinear (f^2/6) add their own
// blur, which the small Gaussian leaves out, so the whole is close to a
// Gaussian of the requested sigma (blur_sigma() in compose_settings.hpp).
//
// The upscale is split: prepare() stretches the small image to the frame
// width only; row() interpolates each frame row from two of those rows as
// the blender asks for it, so no frame-sized background is written and read
// back (about a quarter of the blur's cost at 720p).
//
// No halo: a plain blur of the frame smears the person's colours into the
// background next to them (a bright glow around a person in a white shirt).
// With the person's alpha, the reduced image is blurred as a normalised
// convolution weighted by (1 - alpha): each background pixel becomes the
// average of the *background* around it, as Meet and Zoom do. The weighting
// works at the reduced size, so it costs little.

#include <vector>

#include "compose/background/background.hpp"
#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose {

// How the blur of `sigma` pixels is made at full resolution.
struct BlurPlan {
  int factor = 1;            // downscale by this (1, 2, 4, 8 or 16)
  double small_sigma = 0.0;  // Gaussian sigma at the reduced scale (0 = none)
};
BlurPlan plan_blur(double sigma);

class BlurBackground final : public Background {
 public:
  explicit BlurBackground(int strength) : strength_(strength) {}
  void prepare(const BackgroundInput& input) override;
  const std::uint8_t* row(int y, std::uint8_t* scratch) override;

  // prepare() with an explicit sigma instead of the strength's. alpha
  // (CV_8UC1 of the frame's size, 255 = person) may be empty: no weighting.
  void prepare_sigma(const cv::Mat& frame_bgr, double sigma, const cv::Mat& alpha = cv::Mat());

  // The weight a person pixel keeps (background pixels weigh 1).
  static constexpr float kPersonWeight = 0.01f;

 private:
  void blur_small(double small_sigma);
  bool weigh_by_background(const cv::Mat& alpha, int factor);
  // The weighting for a blur at full size (factor 1), into full_.
  void weigh_full(const cv::Mat& frame_bgr, double sigma, const cv::Mat& alpha);

  int strength_;
  cv::Mat spare_alpha_, small_alpha_;  // the alpha reduced like the frame
  cv::Mat weighted_;                   // CV_32FC4 (B w, G w, R w, w)
  cv::Mat spare_;                      // intermediate halvings
  cv::Mat small_;                      // the frame reduced by the plan's factor
  cv::Mat small_blurred_;
  cv::Mat stretched_;      // small_blurred_ at frame width, small height
  cv::Mat full_;           // factor 1: the whole blurred frame
  cv::Mat premultiplied_;  // factor 1: (B w, G w, R w, w) in 8 bits
  bool use_full_ = false;
  ResampleAxis rows_;  // stretched_ rows -> frame rows, the weights of 256
};

}  // namespace fakecam::compose
