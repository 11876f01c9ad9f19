// SPDX-License-Identifier: GPL-3.0-or-later
// The planned bilinear resize against cv::resize(INTER_LINEAR): up, down,
// one axis each way, the same size, one-pixel images, and one object
// taken through all of them in turn (the plan follows the sizes).

#include "compose/kernels/float_resizer.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

namespace fakecam::compose {
namespace {

TEST(FloatResizer, IsOpenCvsBilinearResize) {
  const std::pair<cv::Size, cv::Size> cases[] = {
      {{256, 144}, {320, 180}},  // the landscape model's mask to the 720p guide
      {{256, 256}, {320, 180}},  // the general model's: wider, shorter
      {{320, 180}, {256, 144}}, {{256, 144}, {256, 144}}, {{1, 1}, {5, 3}},
      {{7, 1}, {3, 9}},         {{5, 4}, {1, 1}},         {{17, 9}, {40, 33}},
  };
  cv::RNG rng(21);
  FloatResizer reused;
  for (const auto& [from, to] : cases) {
    cv::Mat src(from, CV_32FC1);
    rng.fill(src, cv::RNG::UNIFORM, 0.0f, 1.0f);
    cv::Mat want, got, again;
    cv::resize(src, want, to, 0, 0, cv::INTER_LINEAR);
    FloatResizer().run(src, to, got);
    ASSERT_EQ(got.size(), to);
    ASSERT_EQ(got.type(), CV_32FC1);
    // OpenCV works out each source position in float, the plan in double:
    // ~1e-5 apart on values in [0, 1] at a few hundred columns.
    EXPECT_LE(cv::norm(got, want, cv::NORM_INF), 2e-5) << from << " -> " << to;
    reused.run(src, to, again);
    EXPECT_EQ(cv::norm(again, got, cv::NORM_INF), 0.0) << from << " -> " << to;
  }
}

TEST(FloatResizer, RefusesToWriteOverItsInput) {
  cv::Mat src(4, 4, CV_32FC1, cv::Scalar(0.5));
  cv::Mat same = src;
  EXPECT_ANY_THROW(FloatResizer().run(src, src.size(), same));
}

}  // namespace
}  // namespace fakecam::compose
