// SPDX-License-Identifier: GPL-3.0-or-later
// Temporal smoothing: flicker on a still picture is averaged away, a change
// where the picture moves is taken at once (no ghost), and the edge cases.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/mask/temporal_filter.hpp"

namespace fakecam::compose {
namespace {

const cv::Size kModel(32, 18);

cv::Mat flat(float v) { return cv::Mat(kModel, CV_32FC1, cv::Scalar(v)); }
cv::Mat grey(int level) { return cv::Mat(kModel, CV_8UC1, cv::Scalar(level)); }

TEST(TemporalFilter, FirstFrameIsTakenAsIs) {
  TemporalFilter filter({0.3f, true});
  const cv::Mat& out = filter.run(flat(0.7f), grey(100));
  EXPECT_FLOAT_EQ(out.at<float>(5, 5), 0.7f);
}

TEST(TemporalFilter, FlickerOnAStillPictureIsAveraged) {
  // The model wobbles 0.3 <-> 0.7 on a picture that does not change.
  TemporalFilter filter({0.3f, true});
  double lo = 1, hi = 0;
  for (int t = 0; t < 60; ++t) {
    const double v = filter.run(flat(t % 2 == 0 ? 0.3f : 0.7f), grey(100)).at<float>(9, 16);
    if (t >= 30) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  // A running average of rate k swings by k/(2-k) of the input's swing.
  EXPECT_NEAR(hi - lo, 0.4 * 0.3 / 1.7, 0.01);
  EXPECT_NEAR((hi + lo) / 2, 0.5, 0.01);
}

TEST(TemporalFilter, WhereThePictureMovesTheNewMaskIsTakenAtOnce) {
  TemporalFilter filter({0.2f, true});
  filter.run(flat(0.0f), grey(60));
  // The person steps in on the left half: the picture changes there, and the
  // model says person there.
  cv::Mat picture = grey(60), mask = flat(0.0f);
  picture.colRange(0, 16).setTo(180);
  mask.colRange(0, 16).setTo(1.0f);
  const cv::Mat& out = filter.run(mask, picture);
  EXPECT_FLOAT_EQ(out.at<float>(9, 4), 1.0f) << "moving: followed at once";
  EXPECT_FLOAT_EQ(out.at<float>(9, 28), 0.0f);
  // Far from the motion a flickering mask is still smoothed.
  cv::Mat flicker = mask.clone();
  flicker.colRange(24, 32).setTo(1.0f);
  const cv::Mat& next = filter.run(flicker, picture);
  EXPECT_NEAR(next.at<float>(9, 30), 0.2f, 1e-6) << "still: only the rate's share of the change";
  EXPECT_FLOAT_EQ(next.at<float>(9, 4), 1.0f);
}

TEST(TemporalFilter, SensorNoiseCountsAsStill) {
  TemporalFilter filter({0.25f, true});
  filter.run(flat(0.0f), grey(100));
  cv::Mat noisy(kModel, CV_8UC1);
  cv::RNG rng(3);
  rng.fill(noisy, cv::RNG::UNIFORM, 99, 102);  // +-1 level
  EXPECT_NEAR(filter.run(flat(1.0f), noisy).at<float>(9, 16), 0.25f, 1e-6);
}

TEST(TemporalFilter, WithoutMotionAwarenessItIsAPlainRunningAverage) {
  TemporalFilter filter({0.5f, false});
  filter.run(flat(0.0f), grey(0));
  EXPECT_FLOAT_EQ(filter.run(flat(1.0f), grey(255)).at<float>(0, 0), 0.5f) << "even where the picture moved";
  EXPECT_FLOAT_EQ(filter.run(flat(1.0f), grey(0)).at<float>(0, 0), 0.75f);
}

TEST(TemporalFilter, RateOneIsNoSmoothing) {
  TemporalFilter filter({1.0f, true});
  filter.run(flat(0.0f), grey(0));
  EXPECT_FLOAT_EQ(filter.run(flat(0.8f), grey(0)).at<float>(3, 3), 0.8f);
}

TEST(TemporalFilter, NanIsZeroAndSizeChangesStartAfresh) {
  TemporalFilter filter({0.5f, true});
  filter.run(flat(std::numeric_limits<float>::quiet_NaN()), grey(0));
  EXPECT_FLOAT_EQ(filter.run(flat(1.0f), grey(0)).at<float>(1, 1), 0.5f) << "NaN counted as 0, not kept";
  const cv::Mat other(10, 10, CV_32FC1, cv::Scalar(0.9f));
  EXPECT_FLOAT_EQ(filter.run(other, cv::Mat(10, 10, CV_8UC1, cv::Scalar(0))).at<float>(2, 2), 0.9f);
  filter.reset();
  EXPECT_FLOAT_EQ(filter.run(other * 0.5, cv::Mat(10, 10, CV_8UC1, cv::Scalar(0))).at<float>(2, 2), 0.45f);
}

// Each pixel's rate from the 3x3 mean of the picture's change, the edges
// repeated, through the smoothstep between the still and the moving level:
// as written out here with OpenCV's box filter, on changes that fall below,
// between and above the two levels, at every edge and corner.
TEST(TemporalFilter, RateFollowsTheChangesThreeByThreeMean) {
  const float rate = 0.25f;
  TemporalFilter filter({rate, true});
  cv::RNG rng(5);
  cv::Mat before(kModel, CV_8UC1), after(kModel, CV_8UC1), old_mask(kModel, CV_32FC1), mask(kModel, CV_32FC1);
  rng.fill(before, cv::RNG::UNIFORM, 40, 200);
  cv::Mat change(kModel, CV_8UC1);
  rng.fill(change, cv::RNG::UNIFORM, 0, 2 * static_cast<int>(TemporalFilter::kMovingLevel));
  cv::add(before, change, after);
  rng.fill(old_mask, cv::RNG::UNIFORM, 0.0f, 1.0f);
  rng.fill(mask, cv::RNG::UNIFORM, 0.0f, 1.0f);
  filter.run(old_mask, before);
  const cv::Mat got = filter.run(mask, after).clone();

  cv::Mat diff, motion;
  cv::absdiff(after, before, diff);
  cv::boxFilter(diff, motion, CV_32F, cv::Size(3, 3), cv::Point(-1, -1), true, cv::BORDER_REPLICATE);
  int between = 0;
  for (int y = 0; y < kModel.height; ++y) {
    for (int x = 0; x < kModel.width; ++x) {
      const float t = std::clamp((motion.at<float>(y, x) - TemporalFilter::kStillLevel) /
                                     (TemporalFilter::kMovingLevel - TemporalFilter::kStillLevel),
                                 0.0f, 1.0f);
      between += t > 0.0f && t < 1.0f;
      const float k = rate + (1.0f - rate) * t * t * (3.0f - 2.0f * t);
      const float want = old_mask.at<float>(y, x) + k * (mask.at<float>(y, x) - old_mask.at<float>(y, x));
      ASSERT_NEAR(got.at<float>(y, x), want, 1e-5f) << "at " << x << ", " << y;
    }
  }
  EXPECT_GT(between, kModel.area() / 4);  // the ramp itself is tested, not only its ends
}

TEST(TemporalFilter, RejectsMismatchedInputs) {
  TemporalFilter filter({});
  EXPECT_THROW(filter.run(flat(0.0f), cv::Mat(4, 4, CV_8UC1)), Error);
  EXPECT_THROW(filter.run(cv::Mat(kModel, CV_8UC1), grey(0)), Error);
}

}  // namespace
}  // namespace fakecam::compose
