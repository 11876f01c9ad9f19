// SPDX-License-Identifier: GPL-3.0-or-later
// Edge refinement (fast guided filter): the fast path (flat cells filled,
// coefficients stretched per run, grey computed from BGR) gives what the
// textbook filter gives, flat masks stay flat, a mask edge a little off the
// picture's edge moves onto it, and the coefficients are averaged over time
// only where the mask stands still.

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/mask/edge_refiner.hpp"
#include "compose/mask/mask_pipeline.hpp"

namespace fakecam::compose {
namespace {

// The textbook fast guided filter in float with OpenCV's own operations,
// then the soft threshold, steepened as the refiner documents.
cv::Mat reference_alpha(const cv::Mat& confidence, const cv::Mat& grey_low, const cv::Mat& grey, const MaskSettings& m,
                        const RefineSettings& r) {
  cv::Mat p, i;
  cv::resize(confidence, p, grey_low.size(), 0, 0, cv::INTER_LINEAR);
  p = cv::max(cv::min(p, 1.0), 0.0);
  grey_low.convertTo(i, CV_32F, 1.0 / 255.0);
  const cv::Size win(2 * r.radius + 1, 2 * r.radius + 1);
  auto box = [&](const cv::Mat& src) {
    cv::Mat dst;
    cv::boxFilter(src, dst, CV_32F, win, cv::Point(-1, -1), true, cv::BORDER_REPLICATE);
    return dst;
  };
  const cv::Mat mi = box(i), mp = box(p), mip = box(i.mul(p)), mii = box(i.mul(i));
  const cv::Mat var = mii - mi.mul(mi), cov = mip - mi.mul(mp);
  cv::Mat a = cov / (var + r.eps);
  cv::Mat b = mp - a.mul(mi);
  cv::Mat ma = box(a), mb = box(b), ua, ub, g;
  cv::resize(ma, ua, grey.size(), 0, 0, cv::INTER_LINEAR);
  cv::resize(mb, ub, grey.size(), 0, 0, cv::INTER_LINEAR);
  grey.convertTo(g, CV_32F, 1.0 / 255.0);
  const cv::Mat q = ua.mul(g) + ub;
  const double ramp = m.ramp / 1.5;
  cv::Mat alpha;
  cv::Mat(((q - m.threshold) / ramp + 0.5) * 255.0).convertTo(alpha, CV_8U);  // saturating, rounded
  return alpha;
}

cv::Mat textured_frame(cv::Size size, int seed) {
  cv::Mat frame(size, CV_8UC3);
  cv::RNG rng(static_cast<std::uint64_t>(seed));
  rng.fill(frame, cv::RNG::UNIFORM, 0, 256);
  cv::GaussianBlur(frame, frame, cv::Size(0, 0), 3.0);
  cv::circle(frame, {size.width / 2, size.height / 2}, size.height / 3, cv::Scalar(220, 200, 180), cv::FILLED);
  return frame;
}

cv::Mat blob_confidence(cv::Size model, double shift_x = 0) {
  cv::Mat mask(model, CV_32FC1, cv::Scalar(0.02f));
  cv::circle(mask, {static_cast<int>(model.width / 2 + shift_x), model.height / 2}, model.height / 3, cv::Scalar(0.98f),
             cv::FILLED);
  cv::GaussianBlur(mask, mask, cv::Size(0, 0), 1.5);
  return mask;
}

TEST(EdgeRefiner, MatchesTheTextbookFilter) {
  for (cv::Size frame_size : {cv::Size(1280, 720), cv::Size(640, 360), cv::Size(1920, 1080)}) {
    const cv::Mat frame = textured_frame(frame_size, 3);
    const cv::Mat confidence = blob_confidence({256, 144}, 4.0);
    const cv::Size low = guide_size(frame_size);
    cv::Mat grey, grey_low;
    cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
    cv::resize(grey, grey_low, low, 0, 0, cv::INTER_AREA);
    const MaskSettings m;
    const RefineSettings r;
    const cv::Mat want = reference_alpha(confidence, grey_low, grey, m, r);
    for (const cv::Mat* guide : {static_cast<const cv::Mat*>(&grey), &frame}) {
      EdgeRefiner refiner(m, r);
      cv::Mat alpha;
      refiner.run(confidence, grey_low, *guide, alpha);
      ASSERT_EQ(alpha.size(), frame_size);
      cv::Mat diff;
      cv::absdiff(alpha, want, diff);
      double worst = 0;
      cv::minMaxLoc(diff, nullptr, &worst);
      // BGR: the grey is computed per pixel with OpenCV's rounding, the same.
      EXPECT_LE(worst, 2.0) << frame_size << (guide->channels() == 3 ? " bgr" : " grey");
      EXPECT_LT(cv::countNonZero(diff > 1), frame_size.area() / 1000) << frame_size;
      EXPECT_GT(refiner.edge_share(), 0.0);
      EXPECT_LT(refiner.edge_share(), 0.3) << "most of the frame is flat: filled, not computed";
    }
  }
}

TEST(EdgeRefiner, FlatConfidenceGivesFlatAlpha) {
  const cv::Mat frame = textured_frame({640, 360}, 5);
  cv::Mat grey, grey_low;
  cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
  cv::resize(grey, grey_low, guide_size(grey.size()), 0, 0, cv::INTER_AREA);
  for (float value : {0.0f, 1.0f}) {
    EdgeRefiner refiner({}, {});
    cv::Mat alpha;
    refiner.run(cv::Mat(144, 256, CV_32FC1, cv::Scalar(value)), grey_low, grey, alpha);
    EXPECT_EQ(cv::countNonZero(alpha != (value > 0.5f ? 255 : 0)), 0) << value;
    EXPECT_EQ(refiner.edge_share(), 0.0) << "nothing to compute";
  }
}

// The 0.5 crossing of row `y` of an alpha image, left to right (sub-pixel).
double crossing(const cv::Mat& alpha, int y) {
  const std::uint8_t* a = alpha.ptr<std::uint8_t>(y);
  for (int x = 1; x < alpha.cols; ++x) {
    if (a[x - 1] < 128 && a[x] >= 128) return x - 1 + (127.5 - a[x - 1]) / (a[x] - a[x - 1]);
  }
  return -1;
}

TEST(EdgeRefiner, MovesAnOffEdgeOntoThePicturesEdge) {
  // The picture: dark left, bright right of x = 650 (a person's shoulder
  // against a wall). The model: the same edge 6 px to the left and soft, as
  // a 5x coarser mask would give.
  const cv::Size size(1280, 720);
  cv::Mat frame(size, CV_8UC3, cv::Scalar(30, 30, 30));
  frame.colRange(650, size.width).setTo(cv::Scalar(200, 190, 180));
  cv::Mat confidence(144, 256, CV_32FC1);
  for (int x = 0; x < 256; ++x) {
    const double centre = (x + 0.5) * 5.0 - 0.5;  // model column x covers frame columns 5x..5x+4
    confidence.col(x).setTo(1.0 / (1.0 + std::exp(-(centre - 644.0) / 4.0)));
  }
  MaskPipeline refined(MaskSettings{}, RefineSettings{}, TemporalSettings{1.0f, true});
  MaskPipeline bilinear(MaskSettings{}, RefineSettings{false}, TemporalSettings{1.0f, true});
  cv::Mat a_refined, a_bilinear;
  refined.run(frame, confidence, a_refined);
  bilinear.run(frame, confidence, a_bilinear);
  for (int y : {100, 360, 700}) {
    EXPECT_NEAR(crossing(a_bilinear, y), 644.0, 1.5) << "bilinear stays where the model put it";
    EXPECT_NEAR(crossing(a_refined, y), 649.5, 1.0) << "refined moves onto the picture's edge";
  }
  // And the edge is crisp: the 0..255 ramp spans at most a few pixels.
  int soft = 0;
  for (int x = 600; x < 700; ++x)
    soft += a_refined.at<std::uint8_t>(360, x) > 10 && a_refined.at<std::uint8_t>(360, x) < 245;
  EXPECT_LE(soft, 3);
}

// Mean |alpha_t - alpha_t-1| over a clip of a still picture whose model
// mask wobbles a little from frame to frame (sensor noise through the
// network: +-0.015, under kMaskStill), as it does on a real camera.
double wobble_flicker(float stable_rate) {
  const cv::Size size(640, 360);
  RefineSettings r;
  r.stable_rate = stable_rate;
  EdgeRefiner refiner({}, r);
  const cv::Mat frame = textured_frame(size, 6);
  cv::Mat grey, grey_low;
  cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
  cv::resize(grey, grey_low, guide_size(size), 0, 0, cv::INTER_AREA);
  cv::RNG rng(21);
  cv::Mat alpha, previous, noise(144, 256, CV_32FC1);
  double change = 0;
  for (int t = 0; t < 12; ++t) {
    rng.fill(noise, cv::RNG::UNIFORM, -0.015, 0.015);
    refiner.run(blob_confidence({256, 144}) + noise, grey_low, frame, alpha);
    if (t > 0) change += cv::norm(alpha, previous, cv::NORM_L1) / static_cast<double>(size.area());
    alpha.copyTo(previous);
  }
  return change / 11;
}

TEST(EdgeRefiner, StabilisedCoefficientsFlickerLessUnderAStillMask) {
  const double plain = wobble_flicker(1.0f), stabilised = wobble_flicker(0.5f);
  ASSERT_GT(plain, 0.0) << "the wobble must move the unstabilised edge";
  EXPECT_LT(stabilised, 0.8 * plain) << "plain " << plain << ", stabilised " << stabilised;
}

TEST(EdgeRefiner, AMovingMaskIsFollowedAtOnceAndResetForgets) {
  const cv::Size size(640, 360);
  const cv::Mat frame = textured_frame(size, 4);
  cv::Mat grey, grey_low;
  cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
  cv::resize(grey, grey_low, guide_size(size), 0, 0, cv::INTER_AREA);
  // The person jumps 10 model pixels (25 frame pixels) right.
  const cv::Mat before = blob_confidence({256, 144}), after = blob_confidence({256, 144}, 10.0);
  EdgeRefiner stable({}, {}), fresh({}, {});
  cv::Mat alpha, want;
  stable.run(before, grey_low, frame, alpha);
  stable.run(after, grey_low, frame, alpha);
  fresh.run(after, grey_low, frame, want);
  EXPECT_NEAR(crossing(alpha, size.height / 2), crossing(want, size.height / 2), 1.0)
      << "the edge that moved is not held back";
  stable.reset();
  stable.run(after, grey_low, frame, alpha);
  EXPECT_EQ(cv::countNonZero(alpha != want), 0) << "after reset() nothing of the last frame remains";
}

TEST(EdgeRefiner, RejectsBadInputs) {
  EdgeRefiner refiner({}, {});
  cv::Mat alpha;
  const cv::Mat grey(72, 128, CV_8UC1, cv::Scalar(0)), low(18, 32, CV_8UC1, cv::Scalar(0));
  EXPECT_THROW(refiner.run(cv::Mat(), low, grey, alpha), Error);
  EXPECT_THROW(refiner.run(cv::Mat(4, 4, CV_8UC1), low, grey, alpha), Error);
  EXPECT_THROW(refiner.run(cv::Mat(4, 4, CV_32FC1), cv::Mat(18, 32, CV_32FC1), grey, alpha), Error);
}

}  // namespace
}  // namespace fakecam::compose
