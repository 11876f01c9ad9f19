// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Portrait light (--light N): what a studio key light does to a webcam
// picture. The person's exposure is lifted (more in the shadows than in the
// highlights) and their local contrast raised; the background is dimmed.
//
// Everything that needs thought runs on a grid of half the guide's size (~90
// rows, from the mask pipeline's ~180-row guide), on the
// person's pixels only, so background light never leaks into the person's
// statistics:
//
//   Yp  = the person's luma (alpha-weighted mean over a grid pixel: 2x2
//         guide pixels)
//   B   = the person's base luma (alpha-weighted, ~30 px at 720p)
//   T   = B^gamma * (Yp / B)^(1 + c)      lift the base, stretch the detail
//   Gp  = T / Yp                          the person's gain
//
// and one cheap pass over the frame applies, per pixel,
//
//   s   = a r / (1 + a (r - 1))           a = alpha, r = Yp / the background's luma
//   G   = d + (Gp - d) * s                d = the background's dim factor
//   out = in * G                          (the same factor on B, G and R)
//
// s is the person's share of an edge pixel's light (alpha weighs colour, not
// light: before a bright window, most of a half-person pixel's light is the
// window's, and the person's gain on all of it would be a bright rim). So
// the edge pixel becomes the person's part lit plus the background's part
// dimmed, and the luma across the edge stays monotone whichever side is
// brighter. One factor on all three channels keeps the hue (skin stays
// skin); the gain is smooth everywhere and follows the refined alpha.

#include <array>
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "common/yuv_image.hpp"
#include "compose/effects/light_fields.hpp"
#include "compose/effects/portrait_light_kernel.hpp"
#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose {

inline constexpr int kMaxPortraitLight = 100;

class PortraitLight {
 public:
  // strength 0..100 (0: apply() changes nothing).
  explicit PortraitLight(int strength);

  // bgr: CV_8UC3, changed in place. alpha: CV_8UC1 of its size (255 =
  // person). grey_low: the frame's grey (CV_8UC1) reduced to the guide size
  // (MaskPipeline::grey_low()), or empty: made from bgr. alpha_low: alpha at that size as CV_32FC1
  // 0..1 when the caller has it (MaskPipeline::alpha_low()), else empty.
  // prepare() then scale each row by gain_row().
  void apply(cv::Mat& bgr, const cv::Mat& alpha, const cv::Mat& grey_low, const cv::Mat& alpha_low);

  // The light in two steps, for a caller that passes over the frame anyway
  // (the compositor's blend): prepare() does the guide-size work for a
  // frame (arguments as apply()'s; bgr is read only for its size and when
  // grey_low is empty), then gain_row(y, alpha row y) is row y's gain per
  // channel (Q9, 3 * width values; valid until the next call), to multiply
  // the row by (light::scale_row, light::blend_scale_row). Strength > 0.
  void prepare(const cv::Mat& bgr, const cv::Mat& alpha, const cv::Mat& grey_low, const cv::Mat& alpha_low);
  const std::uint16_t* gain_row(int y, const std::uint8_t* alpha_row);

  // The same on the YUV path (issue 13). prepare_luma() takes the frame's
  // limited-range luma plane for bgr and, for grey_low, that plane at the
  // guide size (MaskPipeline::grey_low() on the YUV path) or empty: made
  // from luma. It is stretched to full range, (Y - 16) 255 / 219 (cheap at
  // the guide size), so that the light's statistics and strengths mean what
  // they mean on BGR. Then yuv_gains(c, alpha) gives chroma row c's gains:
  // luma rows 2c and 2c + 1 and the chroma row (the 2x2 mean), one per
  // sample (light::scale_yuv_row, light::blend_scale_yuv_row); valid until
  // the next call. Rows in order, as gain_row()'s.
  void prepare_luma(const cv::Mat& luma, const cv::Mat& alpha, const cv::Mat& luma_low, const cv::Mat& alpha_low);
  light::YuvGains yuv_gains(int chroma_row, const cv::Mat& alpha);
  // prepare_luma() and the light on each plane of `frame` (I420, limited
  // range), in place: apply()'s twin (the compositor rides on its blend).
  void apply_yuv(YuvImage& frame, const cv::Mat& alpha, const cv::Mat& luma_low, const cv::Mat& alpha_low);

  int strength() const { return strength_; }
  // The factor the background is multiplied by (1 at strength 0).
  float background_gain() const { return dim_; }
  // The person's gain Gp on the light's grid (CV_32FC1, half the guide's
  // size), from the last apply(): what the tests' reference implementation
  // starts from.
  const cv::Mat& person_gain_low() const { return gain_low_; }
  // The person's luma over the background's near each grid pixel (the
  // share of an edge pixel's light the person's gain applies to).
  const cv::Mat& luma_ratio_low() const { return ratio_low_; }

 private:
  // prepare()'s work once the full-range grey at the guide size is known.
  void prepare_grey(cv::Size frame, const cv::Mat& alpha, const cv::Mat& grey_low, const cv::Mat& alpha_low);
  void person_gain(const cv::Mat& grey_low, const cv::Mat& alpha_low);
  // The fields frame row y mixes (light::gain_row's input).
  light::GainRows gain_rows(int y);
  // Guide row r of (Gp - dim) stretched to the frame width (gain_row()'s).
  const float* stretched_gain(int r);

  int strength_;
  float gamma_, contrast_, dim_;
  cv::Mat grey_, grey_low_, a_, y_, w_, ya_, wb_, yb_, ya_near_, w_near_, base_, gain_low_, gain_rows_, ratio_low_,
      padded_, ratio_padded_;
  // Scratch kept from frame to frame: guide-sized temporaries made anew
  // each frame let glibc trim and re-fault the heap's top.
  cv::Mat ya_small_, a_small_, y_small_, base_small_;
  static constexpr int kWeightPlanes = 5;  // y, w, ya, wb, yb
  cv::Mat pair_;                           // two guide rows of them
  light::SmallBlur near_, coarse_;         // [1 2 1] on the grid; sigma 2 on the coarse planes
  cv::Mat blurred_grid_, blurred_small_;   // their outputs, swapped in
  ResampleAxis x_, rows_;                  // the guide columns and rows each frame pixel mixes
  int dim_q9_ = 0;
  // The guide rows in gain_rows_' rows: the two a frame row mixes, and a
  // third for yuv_gains(), which takes two frame rows at once.
  static constexpr int kStretchedSlots = 3;
  std::array<int, kStretchedSlots> stretched_{-1, -1, -1};
  std::vector<std::uint16_t> row_gain_, row_gain3_;          // gain_row()'s
  std::vector<std::uint16_t> row_gain_below_, chroma_gain_;  // yuv_gains()' (with row_gain_)
};

}  // namespace fakecam::compose
