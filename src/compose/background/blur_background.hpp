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
//
// In YUV (issue 12) the same blur runs on the planes: the blur, weighted or
// not, makes weighted averages, and BT.601 is an affine map, so the blurred
// Y, U and V are (to rounding) the YUV of the blurred BGR. Y is reduced by f,
// U and V (already half size) by f/2, so the three land on the same small
// size and the same pixel centres (a chroma sample covers a 2x2 block of
// luma); the three planes go through the same weighted small blur
// (weighted_blur.hpp) as the BGR pixels' three channels, then Y is stretched
// to the frame width and U and V to half of it (cv::resize's centre-aligned mapping keeps the centres).
// Weak blurs (factor 1, full size) blur Y at sigma and U, V at sigma / 2
// with the alpha averaged to their size. So every strength has a YUV path:
// supports_yuv() cannot see the frame size, on which the factor depends.

#include "compose/background/background.hpp"
#include "compose/background/blur_stages.hpp"
#include "compose/background/weighted_blur.hpp"

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

  bool supports_yuv() const override { return true; }
  void prepare_yuv(const YuvBackgroundInput& input) override;
  const std::uint8_t* yuv_row(YuvPlane plane, int y, std::uint8_t* scratch) override;
  bool yuv_row_mix(YuvPlane plane, int y, RowMix& mix) override;

  // prepare() with an explicit sigma instead of the strength's. alpha
  // (CV_8UC1 of the frame's size, 255 = person) may be empty: no weighting.
  void prepare_sigma(const cv::Mat& frame_bgr, double sigma, const cv::Mat& alpha = cv::Mat());
  // The same for the YUV path, with the reductions the input offers
  // (YuvBackgroundInput) taken instead of made.
  void prepare_yuv_sigma(const YuvBackgroundInput& input, double sigma);
  void prepare_yuv_sigma(const YuvView& frame, double sigma, const cv::Mat& alpha = cv::Mat()) {
    prepare_yuv_sigma({frame, alpha}, sigma);
  }

  // The weight a person pixel keeps (background pixels weigh 1): not 0, so
  // that deep inside the person, where no background is near, the weighted
  // blur is the plain blur instead of 0/0.
  static constexpr float kPersonWeight = 0.01f;

 private:
  // small_alpha_ = alpha (may be empty) reduced by factor, the person grown
  // by a reduced pixel; false when there is no person (or no alpha). From
  // alpha_half (alpha halved, or empty) when given.
  bool shrink_alpha(const cv::Mat& alpha, const cv::Mat& alpha_half, int factor);
  // small_ blurred into small_blurred_, unweighted.
  void plain_small_blur(const BlurPlan& plan);

  int strength_;
  cv::Mat spare_alpha_, small_alpha_;  // the alpha reduced like the frame
  WeightedBlur weighted_blur_;         // the small blur where there is a person
  cv::Mat spare_;                      // intermediate halvings
  cv::Mat reduced_[3];                 // YUV: the planes reduced to the small size
  cv::Mat small_;                      // the frame reduced by the plan's factor: BGR, or Y U V
  cv::Mat small_blurred_;
  cv::Mat blurred_planes_[3];   // YUV: Y, U, V blurred at the small size
  StretchedRows stretched_[3];  // BGR: [0]; YUV: Y, U, V
  // Factor 1: the whole frame blurred at full size.
  FullSizeBlur full_blur_;
  cv::Mat full_;              // BGR
  YuvImage full_yuv_;         // YUV
  cv::Mat full_planes_[3];    // views of full_yuv_'s Y, U, V
  cv::Mat chroma_, full_uv_;  // YUV: U and V interleaved, before and after the blur
  bool use_full_ = false;
};

}  // namespace fakecam::compose
