// SPDX-License-Identifier: GPL-3.0-or-later
// mask_eval's measures on masks whose answer is known: a square that moves
// 3 px per frame (the truth), followed exactly, followed one frame late,
// jittering, or not at all. The flicker measures must count only what the
// truth's own change does not explain: a mask that moves with a moving
// person is not flickering.

#include <gtest/gtest.h>

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "mask_eval/metrics.hpp"

namespace fakecam::tools {
namespace {

// A 40x40 person square at x = left on a 160x120 frame.
cv::Mat square_at(int left) {
  cv::Mat m(120, 160, CV_8UC1, cv::Scalar(0));
  cv::rectangle(m, cv::Rect(left, 40, 40, 40), cv::Scalar(255), cv::FILLED);
  return m;
}

TEST(MaskEvalFlicker, AMaskThatFollowsAMovingTruthExactlyDoesNotFlicker) {
  const cv::Mat t0 = square_at(30), t1 = square_at(33);
  // The absolute change is large (two 3x40 strips of 255)...
  EXPECT_NEAR(mean_abs_difference(t1, t0), 2.0 * 3 * 40 * 255 / (160.0 * 120), 1e-9);
  // ...but none of it is flicker.
  EXPECT_EQ(flicker_vs_truth(t0, t1, t0, t1), 0.0);
  EXPECT_EQ(flicker_where_truth_still(t0, t1, t0, t1), 0.0);
}

TEST(MaskEvalFlicker, AStaticMaskOnAMovingTruthScoresWhatItMisses) {
  const cv::Mat t0 = square_at(30), t1 = square_at(33);
  // The mask stays put: its error is the truth's change.
  EXPECT_NEAR(flicker_vs_truth(t0, t0, t0, t1), mean_abs_difference(t1, t0), 1e-9);
  // No jitter where the truth is still.
  EXPECT_EQ(flicker_where_truth_still(t0, t0, t0, t1), 0.0);
}

TEST(MaskEvalFlicker, JitterOnAStillTruthIsAllFlicker) {
  const cv::Mat truth = square_at(30);
  const cv::Mat a0 = square_at(29), a1 = square_at(31);  // the edge hops 2 px
  const double change = mean_abs_difference(a1, a0);
  ASSERT_GT(change, 0.0);
  EXPECT_NEAR(flicker_vs_truth(a0, a1, truth, truth), change, 1e-9);
  EXPECT_NEAR(flicker_where_truth_still(a0, a1, truth, truth), change, 1e-9);
}

TEST(MaskEvalFlicker, JitterBesideAMovingEdgeCountsOnlyWhatTheTruthDoesNotDo) {
  // The truth's side edges move 3 px; the mask moves with them and its
  // bottom edge (which the truth keeps still) also grows by 2 rows: only
  // that growth is flicker, by either measure.
  const cv::Mat t0 = square_at(30), t1 = square_at(33);
  cv::Mat a1 = t1.clone();
  cv::rectangle(a1, cv::Rect(40, 80, 20, 2), cv::Scalar(255), cv::FILLED);
  const double area = 160.0 * 120;
  EXPECT_NEAR(flicker_vs_truth(t0, a1, t0, t1), 2.0 * 20 * 255 / area, 1e-9);
  // Where the truth is still: the side strips (3 px, 2 px margin) are left out.
  const double still_pixels = area - 2 * (3 + 4) * (40 + 4);
  EXPECT_NEAR(flicker_where_truth_still(t0, a1, t0, t1), 2.0 * 20 * 255 / still_pixels, 1e-9);
}

TEST(MaskEvalAccuracy, IouAndBoundaryFOfAShiftedSquare) {
  const cv::Mat truth = square_at(30);
  EXPECT_EQ(iou(truth, truth), 1.0);
  EXPECT_EQ(boundary_f(truth, truth, 1.0), 1.0);
  const cv::Mat shifted = square_at(34);  // 4 px off: 36/44 overlap
  EXPECT_NEAR(iou(shifted, truth), 36.0 / 44.0, 1e-9);
  // Within 5 px every contour pixel matches; within 2 px only the top and
  // bottom edges' shared stretch does.
  EXPECT_EQ(boundary_f(shifted, truth, 5.0), 1.0);
  EXPECT_LT(boundary_f(shifted, truth, 2.0), 0.9);
}

TEST(MaskEvalAccuracy, BandWidthOfASoftEdge) {
  // A horizontal ramp 0..255 over 20 px: the 0.1..0.9 band is ~16 px wide.
  cv::Mat m(100, 100, CV_8UC1, cv::Scalar(0));
  for (int x = 40; x < 60; ++x) m.col(x).setTo(cv::Scalar((x - 40) * 255 / 19));
  m.colRange(60, 100).setTo(cv::Scalar(255));
  EXPECT_NEAR(band_width(m), 16.0, 1.0);
  EXPECT_TRUE(std::isnan(band_width(cv::Mat(50, 50, CV_8UC1, cv::Scalar(0)))));
}

}  // namespace
}  // namespace fakecam::tools
