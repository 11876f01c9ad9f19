// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// out = alpha * foreground + (1 - alpha) * background, per pixel, in 8-bit
// fixed point with rounding to nearest (no float images).

#include <cstdint>
#include <functional>
#include <vector>

#include <opencv2/core.hpp>

#include "compose/background/background.hpp"
#include "compose/effects/portrait_light_kernel.hpp"

namespace fakecam::compose {

class Blender {
 public:
  // fg: CV_8UC3; alpha: CV_8UC1 of fg's size (255 = fg); background already
  // prepared for this frame. out becomes CV_8UC3 of fg's size; it may be fg
  // itself.
  void run(const cv::Mat& fg, Background& background, const cv::Mat& alpha, cv::Mat& out);

  // The same with a background image (CV_8UC3 of fg's size).
  void run(const cv::Mat& fg, const cv::Mat& bg, const cv::Mat& alpha, cv::Mat& out);

  // Row y's gain per channel (Q9, 3 * width values: light::scale_row's).
  using GainRow = std::function<const std::uint16_t*(int y)>;
  // run(), each blended row multiplied by gain_row(y) before it is written:
  // the portrait light in the blend's one pass over the frame
  // (light::blend_scale_row, bit-exact with blending, then scaling).
  void run(const cv::Mat& fg, Background& background, const cv::Mat& alpha, const GainRow& gain_row, cv::Mat& out);

  // The YUV path: each plane of `out` becomes alpha * the frame's +
  // (1 - alpha) * the background's plane (prepared with prepare_yuv). alpha:
  // CV_8UC1 at the frame's size; alpha_half: the mean alpha of the 2x2
  // luma block each chroma sample covers (halve_u8()), which U and V
  // take. `out` may be the frame itself (in place) or is made at its size.
  void run(const YuvView& frame, Background& background, const cv::Mat& alpha, const cv::Mat& alpha_half,
           YuvImage& out);

  // Chroma row c's gains (Q9, one per sample: PortraitLight::yuv_gains).
  using YuvGainRows = std::function<light::YuvGains(int chroma_row)>;
  // The YUV run() with the portrait light riding on it: a chroma row's two
  // luma rows, then its U and V rows, each blended and lit in one pass
  // (light::blend_scale_yuv_row).
  void run(const YuvView& frame, Background& background, const cv::Mat& alpha, const cv::Mat& alpha_half,
           const YuvGainRows& gains, YuvImage& out);

 private:
  template <typename BackgroundRow>
  void blend_rows(const cv::Mat& fg, const cv::Mat& alpha, cv::Mat& out, BackgroundRow&& background_row,
                  const GainRow* gain_row = nullptr);

  std::vector<std::uint8_t> alpha3_;   // one row of alpha, repeated per channel
  std::vector<std::uint8_t> scratch_;  // one background row, for providers that make rows
};

}  // namespace fakecam::compose
