// SPDX-License-Identifier: GPL-3.0-or-later
// The mask stage: threshold and soft ramp on flat masks (exact levels), the
// upsampling against OpenCV's float bilinear resize followed by the same ramp
// (the definition), and bad inputs.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/mask/mask_stage.hpp"

namespace fakecam::compose {
namespace {

// The documented mapping, in float: linear from 0 at t - r/2 to 255 at t + r/2.
double reference_alpha(double m, const MaskSettings& s) {
  if (s.ramp <= 0) return m > s.threshold ? 255.0 : m < s.threshold ? 0.0 : 127.5;
  return std::clamp((m - s.threshold) / s.ramp * 255.0 + 127.5, 0.0, 255.0);
}

int alpha_of_flat_mask(float value, const MaskSettings& s) {
  MaskStage stage(s);
  cv::Mat mask(144, 256, CV_32FC1, cv::Scalar(value));
  cv::Mat alpha;
  stage.run(mask, {64, 36}, alpha);
  double lo, hi;
  cv::minMaxLoc(alpha, &lo, &hi);
  EXPECT_EQ(lo, hi) << "a flat mask gives a flat alpha";
  return static_cast<int>(lo);
}

TEST(MaskStage, DefaultsAreHalfThresholdWithSoftRamp) {
  const MaskSettings s;
  EXPECT_FLOAT_EQ(s.threshold, 0.5f);
  EXPECT_FLOAT_EQ(s.ramp, 0.2f);
}

TEST(MaskStage, RampMapsConfidenceToAlpha) {
  const MaskSettings s{0.6f, 0.2f};
  EXPECT_EQ(alpha_of_flat_mask(0.0f, s), 0);
  EXPECT_EQ(alpha_of_flat_mask(0.49f, s), 0);  // below t - r/2
  EXPECT_EQ(alpha_of_flat_mask(0.5f, s), 0);   // t - r/2
  EXPECT_NEAR(alpha_of_flat_mask(0.55f, s), 63.75, 1);
  EXPECT_NEAR(alpha_of_flat_mask(0.6f, s), 127.5, 1);
  EXPECT_NEAR(alpha_of_flat_mask(0.65f, s), 191.25, 1);
  EXPECT_EQ(alpha_of_flat_mask(0.7f, s), 255);  // t + r/2
  EXPECT_EQ(alpha_of_flat_mask(0.9f, s), 255);
  EXPECT_EQ(alpha_of_flat_mask(1.0f, s), 255);
}

TEST(MaskStage, RampIsMonotoneAndMatchesTheFormula) {
  const MaskSettings s{0.5f, 0.3f};
  int previous = -1;
  for (int i = 0; i <= 100; ++i) {
    const float m = static_cast<float>(i) / 100.0f;
    const int a = alpha_of_flat_mask(m, s);
    EXPECT_GE(a, previous) << "m=" << m;
    EXPECT_NEAR(a, reference_alpha(m, s), 1.0) << "m=" << m;
    previous = a;
  }
}

TEST(MaskStage, ZeroRampIsAHardThreshold) {
  const MaskSettings s{0.75f, 0.0f};
  EXPECT_EQ(alpha_of_flat_mask(0.7499f, s), 0);
  EXPECT_EQ(alpha_of_flat_mask(0.7501f, s), 255);
  EXPECT_EQ(alpha_of_flat_mask(0.2f, s), 0);
  EXPECT_EQ(alpha_of_flat_mask(0.99f, s), 255);
}

TEST(MaskStage, OutOfRangeAndNanConfidenceIsClamped) {
  const MaskSettings s;
  EXPECT_EQ(alpha_of_flat_mask(-3.0f, s), 0);
  EXPECT_EQ(alpha_of_flat_mask(7.0f, s), 255);
  EXPECT_EQ(alpha_of_flat_mask(std::numeric_limits<float>::quiet_NaN(), s), 0);
  EXPECT_EQ(alpha_of_flat_mask(std::numeric_limits<float>::infinity(), s), 255);
}

// A smooth random mask with sharp and soft edges, like the model's.
cv::Mat random_mask(cv::Size size, int seed) {
  cv::RNG rng(static_cast<std::uint64_t>(seed));
  cv::Mat coarse(size.height / 8 + 2, size.width / 8 + 2, CV_32FC1);
  rng.fill(coarse, cv::RNG::UNIFORM, -4.0, 4.0);
  cv::Mat logits;
  cv::resize(coarse, logits, size, 0, 0, cv::INTER_CUBIC);
  cv::Mat mask;
  cv::exp(-logits, mask);
  mask = 1.0 / (1.0 + mask);
  return mask;
}

void expect_matches_float_reference(cv::Size model, cv::Size frame, const MaskSettings& s, int seed) {
  const cv::Mat mask = random_mask(model, seed);
  MaskStage stage(s);
  cv::Mat alpha;
  stage.run(mask, frame, alpha);
  ASSERT_EQ(alpha.size(), frame);
  ASSERT_EQ(alpha.type(), CV_8UC1);

  cv::Mat up;
  cv::resize(mask, up, frame, 0, 0, cv::INTER_LINEAR);
  int worst = 0, off_by_one = 0;
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width; ++x) {
      const double want = reference_alpha(up.at<float>(y, x), s);
      const int diff = static_cast<int>(std::lround(std::abs(alpha.at<std::uint8_t>(y, x) - want)));
      worst = std::max(worst, diff);
      off_by_one += diff >= 1;
    }
  }
  EXPECT_LE(worst, 1) << model << " -> " << frame;
  // Rounding differences are rare, not systematic.
  EXPECT_LT(off_by_one, frame.area() / 20) << model << " -> " << frame;
}

TEST(MaskStage, UpsamplingMatchesBilinearResizeThenRamp) {
  expect_matches_float_reference({256, 144}, {1280, 720}, MaskSettings{0.5f, 0.2f}, 1);
  expect_matches_float_reference({256, 144}, {1920, 1080}, MaskSettings{0.4f, 0.5f}, 2);
  expect_matches_float_reference({256, 256}, {640, 480}, MaskSettings{0.6f, 1.0f}, 3);
  expect_matches_float_reference({256, 144}, {200, 100}, MaskSettings{0.5f, 0.2f}, 4);  // downscaling
  expect_matches_float_reference({256, 144}, {256, 144}, MaskSettings{0.5f, 0.1f}, 5);  // same size
  expect_matches_float_reference({7, 5}, {33, 21}, MaskSettings{0.5f, 0.2f}, 6);        // odd ratios
}

TEST(MaskStage, HardEdgeLandsWhereTheInterpolatedMaskCrossesTheThreshold) {
  // Left half 0, right half 1 at model size; with ramp 0 the edge must be at
  // the frame pixel where the bilinear surface passes 0.5, i.e. the middle.
  cv::Mat mask(4, 8, CV_32FC1, cv::Scalar(0.0f));
  mask.colRange(4, 8).setTo(1.0f);
  MaskStage stage(MaskSettings{0.5f, 0.0f});
  cv::Mat alpha;
  stage.run(mask, {80, 40}, alpha);
  for (int x = 0; x < 80; ++x) EXPECT_EQ(alpha.at<std::uint8_t>(20, x), x < 40 ? 0 : 255) << "x=" << x;
}

TEST(MaskStage, FollowsSizeChanges) {
  MaskStage stage(MaskSettings{});
  cv::Mat alpha;
  stage.run(random_mask({256, 144}, 7), {1280, 720}, alpha);
  EXPECT_EQ(alpha.size(), cv::Size(1280, 720));
  stage.run(random_mask({256, 256}, 8), {640, 360}, alpha);
  EXPECT_EQ(alpha.size(), cv::Size(640, 360));
  expect_matches_float_reference({256, 256}, {640, 360}, MaskSettings{}, 8);
}

TEST(MaskStage, RejectsAMaskOfTheWrongType) {
  MaskStage stage(MaskSettings{});
  cv::Mat alpha;
  EXPECT_THROW(stage.run(cv::Mat(), {64, 64}, alpha), Error);
  EXPECT_THROW(stage.run(cv::Mat(16, 16, CV_8UC1, cv::Scalar(0)), {64, 64}, alpha), Error);
  EXPECT_THROW(stage.run(cv::Mat(16, 16, CV_32FC1, cv::Scalar(0)), {0, 64}, alpha), Error);
}

}  // namespace
}  // namespace fakecam::compose
