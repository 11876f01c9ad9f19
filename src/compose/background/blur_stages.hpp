// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The stages of the background blur (blur_background.hpp) that do not care
// how many channels an image has, so that the BGR path (one image of three
// channels) and the YUV path (a Y plane at frame size, U and V at half size)
// run the same code: the box reduction, the full-size weighted blur of weak
// blurs, and the row-by-row bilinear stretch back to the output size.

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose {

// `src` (8-bit, any channel count) box-reduced by `factor` (a power of two)
// into `out`, by exact rounded 2x2 averages; `spare` holds the intermediate
// halvings. Factor 1 copies (never a view: `out` is written to later).
void shrink_by(const cv::Mat& src, int factor, cv::Mat& spare, cv::Mat& out);

// A small image stretched bilinearly (cv::resize's INTER_LINEAR) to an output
// size, in two halves: stretch() makes the rows at the output width (at the
// small height), row() interpolates output row y from two of them, so no
// output-sized image is written and read back.
class StretchedRows {
 public:
  // `small`: CV_8UC(n). Rebuilds the row weights only when the sizes change.
  void stretch(const cv::Mat& small, cv::Size out);
  // Output row y: a pointer into the stretched rows or `scratch` (output
  // width x channels bytes) filled and returned.
  const std::uint8_t* row(int y, std::uint8_t* scratch);
  // The same row as the two stretched rows row() would mix, and the weight.
  void mix(int y, const std::uint8_t*& r0, const std::uint8_t*& r1, int& w1) const;

 private:
  cv::Mat stretched_;                 // the small image at the output width
  ResampleAxis rows_;                 // stretched_ rows -> output rows, the weights of 256
  std::vector<std::uint8_t> padded_;  // a small row with its ends repeated, for kernels::stretch_row_u8
};

// A Gaussian of `sigma` at full size, weighted by (1 - alpha) where a person
// is (see blur_background.hpp): for weak blurs, which the reduction would
// make blocky.
class FullSizeBlur {
 public:
  // `image`: 8-bit, 1 to 3 channels; `alpha`: CV_8UC1 of its size (255 =
  // person) or empty (a plain blur). `out` takes the image's size and type
  // (it may be a view, which is then written in place).
  void run(const cv::Mat& image, double sigma, const cv::Mat& alpha, cv::Mat& out);

 private:
  cv::Mat grown_alpha_;    // alpha grown by a pixel
  cv::Mat opaque_;         // 255s: the weight channel before premultiplying
  cv::Mat premultiplied_;  // (channels w, w) in 8 bits
};

}  // namespace fakecam::compose
