// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A Gaussian blur of a small float image as three extended boxes along each
// axis (Gwosdek, Grewenig, Bruhn and Weickert, "Theoretical foundations of
// Gaussian convolution by extended box filtering", 2011): each box is a
// running sum, so the cost does not grow with sigma, and the end weights
// give the exact variance for any sigma (plain boxes only reach a few).
//
// The blur background's normalised convolution runs on 320x180 pixels of
// four floats at 720p, where cv::GaussianBlur (23 taps at the default
// strength) was a quarter of the whole composite (bench/compose,
// BM_SmallGaussian). Both axes run as passes down the rows, which vectorize
// over a whole row; the image is transposed once between them.

#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::compose {

// One extended box: the 2 radius + 1 samples around the centre weigh 1, the
// two just outside weigh end_weight (0..1), all over their sum.
struct ExtendedBox {
  int radius = 0;
  float end_weight = 0;
};
// The box whose threefold repetition has variance sigma^2 (sigma > 0).
ExtendedBox extended_box_for(double sigma);

class BoxGaussian {
 public:
  // dst = src blurred by (within a few percent of) a Gaussian of `sigma`
  // pixels along both axes, borders reflected as cv::BORDER_REFLECT_101.
  // src: CV_32FC(n), n up to 4; dst is made its size and type (may be src).
  void run(const cv::Mat& src, double sigma, cv::Mat& dst);

 private:
  cv::Mat a_, b_;           // the passes' ping-pong images
  std::vector<float> sum_;  // one row's running sums
};

}  // namespace fakecam::compose
