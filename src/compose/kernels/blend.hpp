// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// out = alpha * foreground + (1 - alpha) * background, per pixel, in 8-bit
// fixed point with rounding to nearest (no float images).

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "compose/background/background.hpp"

namespace fakecam::compose {

class Blender {
 public:
  // fg: CV_8UC3; alpha: CV_8UC1 of fg's size (255 = fg); background already
  // prepared for this frame. out becomes CV_8UC3 of fg's size; it may be fg
  // itself.
  void run(const cv::Mat& fg, Background& background, const cv::Mat& alpha, cv::Mat& out);

  // The same with a background image (CV_8UC3 of fg's size).
  void run(const cv::Mat& fg, const cv::Mat& bg, const cv::Mat& alpha, cv::Mat& out);

 private:
  template <typename BackgroundRow>
  void blend_rows(const cv::Mat& fg, const cv::Mat& alpha, cv::Mat& out, BackgroundRow&& background_row);

  std::vector<std::uint8_t> alpha3_;   // one row of alpha, repeated per channel
  std::vector<std::uint8_t> scratch_;  // one background row, for providers that make rows
};

}  // namespace fakecam::compose
