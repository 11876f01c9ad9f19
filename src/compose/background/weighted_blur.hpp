// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The blur background's normalised convolution at the reduced size
// (blur_background.hpp): each pixel's colour weighted by how much
// background it is, blurred, over the blurred weight.
//
// One block of rows at a time: rows enter weighted into a ring of the rows
// the kernel spans, leave down the columns and across as output rows, and
// are divided by their weight into the output. The float image (four floats
// a pixel, 0.9 MB at 720p) is never written whole; the running-sum blur
// this replaced wrote and read it over in each of its six passes and two
// transposes, with the weighting, the division and a merge and split of the
// planes around them (bench/compose: BM_BlurRows/yuv at 720p 0.62-0.66 ->
// 0.56 ms, 1080p 0.69-0.73 -> 0.61; AMD EPYC family 26, 2026-12-07).
//
// A row is held as four float rows, one per channel (the weighted colour's
// three and the weight), each with room either side for the pass across:
// the weighting and the division are then plain loops.
//
// The blur is three extended boxes along each axis (box_gaussian.hpp) as
// one kernel (15 taps at 720p's default sigma, 11 at 1080p's, once the
// faint tails are left out): with the
// borders reflected (cv::BORDER_REFLECT_101) the three boxes and their one
// kernel give the same result, since a symmetric kernel keeps the
// reflected extension of its input reflected.

#include <cstdint>
#include <span>
#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::compose {

class WeightedBlur {
 public:
  // out = blur(colour w) / blur(w), w = max((255 - alpha) / 255,
  // min_weight), rounded to bytes; sigma <= 0: no blur. colour: one
  // CV_8UC3 image or three CV_8UC1 planes, each of alpha's size (CV_8UC1,
  // 255 = person); out: as many images, made that size and type (not
  // the colour's own).
  void run(std::span<const cv::Mat> colour, const cv::Mat& alpha, float min_weight, double sigma,
           std::span<cv::Mat> out);

  // Taps lighter than this are left out (without_faint_tails): at 720p's
  // default sigma (2.65) the outer two pairs of the 19 taps weigh 7e-4 of
  // the sum and move no value by more than 0.2 of a level, yet cost 2 of the
  // 9 pairs' work (at 1080p's, 1.96, one pair of 6).
  static constexpr float kFaintTap = 1e-3f;

 private:
  // The kernel, the buffers and the reflection tables for this size and
  // sigma (run() calls it only when they change).
  void configure(cv::Size size, double sigma);
  void weigh(std::span<const cv::Mat> colour, const cv::Mat& alpha, float min_weight, int y);
  float* ring_row(int y) { return ring_.ptr<float>(y % ring_rows_); }
  // Row i of a block blurred down the columns.
  float* down_row(int i) { return down_.ptr<float>(i); }

  cv::Size size_;
  double sigma_ = 0;
  std::vector<float> taps_;
  // Rows of row_floats_ floats, each on a 64-byte boundary (cv::Mat's
  // allocation; row_floats_ a multiple of 16): the pass down the columns
  // then loads whole cache lines. (From a std::vector, 16 bytes past a page,
  // every one of its AVX-512 loads straddled two lines: 0.235-0.280 ms for
  // the 720p blur, alternated with 0.197-0.235 now, BM_WeightedBlur/rows.)
  cv::Mat ring_;                // the weighted rows a block of output rows spans
  cv::Mat down_;                // a block's rows blurred down the columns
  std::vector<float> blurred_;  // one row blurred across
  std::vector<const float*> before_, after_;
  std::vector<int> left_, right_;  // the columns the padding reflects, k = 1..radius
  int ring_rows_ = 0;
  std::size_t pad_ = 0;         // floats of padding each side of a channel's segment
  std::size_t segment_ = 0;     // one channel of a row: pad, width, pad
  std::size_t row_floats_ = 0;  // four segments, and up to 15 floats more
};

}  // namespace fakecam::compose
