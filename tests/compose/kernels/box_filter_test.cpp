// SPDX-License-Identifier: GPL-3.0-or-later
// The mask pipeline's own box filter and grey downscale against OpenCV's.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include <opencv2/imgproc.hpp>

#include "compose/kernels/box_filter.hpp"
#include "compose/mask/mask_pipeline.hpp"

namespace fakecam::compose {
namespace {

TEST(BoxFilter, MatchesOpenCvWithReplicatedBorders) {
  for (cv::Size size : {cv::Size(320, 180), cv::Size(7, 40), cv::Size(1, 1), cv::Size(213, 17)}) {
    for (int radius : {1, 2, 3, 4, 6}) {
      cv::Mat src(size, CV_32FC1);
      cv::RNG rng(static_cast<std::uint64_t>(radius * 100 + size.width));
      rng.fill(src, cv::RNG::UNIFORM, 0.0, 1.0);
      cv::Mat want, got;
      cv::boxFilter(src, want, CV_32F, cv::Size(2 * radius + 1, 2 * radius + 1), cv::Point(-1, -1), true,
                    cv::BORDER_REPLICATE);
      BoxFilter().run(src, radius, got);
      EXPECT_LE(cv::norm(got, want, cv::NORM_INF), 1e-5) << size << " radius " << radius;
    }
  }
}

TEST(GreyShrinker, FromBgrMatchesGreyThenAreaAverage) {
  for (cv::Size frame : {cv::Size(1280, 720), cv::Size(1920, 1080), cv::Size(3840, 2160)}) {
    cv::Mat bgr(frame, CV_8UC3);
    cv::randu(bgr, 0, 256);
    const cv::Size low = guide_size(frame);
    ASSERT_TRUE(GreyShrinker::exact(frame, low)) << frame;
    cv::Mat grey, want, got, got_grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::resize(grey, want, low, 0, 0, cv::INTER_AREA);
    GreyShrinker shrinker;
    shrinker.run_bgr(bgr, low, got);
    shrinker.run(grey, low, got_grey);
    // Rounding: the mean of rounded greys against the grey of the mean.
    EXPECT_LE(cv::norm(got, want, cv::NORM_INF), 1.0) << frame;
    EXPECT_LE(cv::norm(got_grey, want, cv::NORM_INF), 1.0) << frame;
  }
}

// Each output is its block's mean rounded half up, for the factors with a
// specialised row (2, 4, 8) and others (3, 6), at widths whose rows end in
// a vector tail.
TEST(GreyShrinker, EachOutputIsItsBlocksRoundedMean) {
  for (int factor : {2, 3, 4, 6, 8}) {
    const cv::Size low(37, 5);
    cv::Mat grey(low * factor, CV_8UC1);
    cv::randu(grey, 0, 256);
    cv::Mat got;
    GreyShrinker().run(grey, low, got);
    ASSERT_EQ(got.size(), low);
    for (int y = 0; y < low.height; ++y) {
      for (int x = 0; x < low.width; ++x) {
        int sum = 0;
        for (int dy = 0; dy < factor; ++dy) {
          for (int dx = 0; dx < factor; ++dx) sum += grey.at<std::uint8_t>(y * factor + dy, x * factor + dx);
        }
        const double mean = static_cast<double>(sum) / (factor * factor);
        ASSERT_NEAR(got.at<std::uint8_t>(y, x), std::floor(mean + 0.5), factor == 3 || factor == 6 ? 1 : 0)
            << "factor " << factor << " at " << x << "," << y << " (mean " << mean << ")";
      }
    }
  }
}

TEST(GreyShrinker, OtherSizesFallBackToOpenCv) {
  const cv::Size frame(640, 480);
  EXPECT_EQ(guide_size(frame), cv::Size(213, 160));
  EXPECT_FALSE(GreyShrinker::exact(frame, guide_size(frame)));
  cv::Mat grey(frame, CV_8UC1), want, got;
  cv::randu(grey, 0, 256);
  cv::resize(grey, want, {213, 160}, 0, 0, cv::INTER_AREA);
  GreyShrinker().run(grey, {213, 160}, got);
  EXPECT_EQ(cv::norm(got, want, cv::NORM_INF), 0.0);
}

// halve_u8 is cv::resize's INTER_AREA by 2, bit for bit: even sizes (libyuv's
// rows, on a crop with its parent's stride too), odd ones and one-pixel
// ones (OpenCV).
TEST(HalveU8, IsOpenCvsAreaHalving) {
  cv::RNG rng(31);
  cv::Mat parent(740, 1300, CV_8UC1);
  rng.fill(parent, cv::RNG::UNIFORM, 0, 256);
  const cv::Mat sources[] = {parent(cv::Rect(0, 0, 1280, 720)), parent(cv::Rect(3, 5, 640, 360)),
                             parent(cv::Rect(0, 0, 321, 181)),  parent(cv::Rect(0, 0, 2, 2)),
                             parent(cv::Rect(0, 0, 1, 7)),      parent(cv::Rect(0, 0, 34, 1))};
  for (const cv::Mat& src : sources) {
    cv::Mat want, got;
    cv::resize(src, want, cv::Size(std::max(1, src.cols / 2), std::max(1, src.rows / 2)), 0, 0, cv::INTER_AREA);
    halve_u8(src, got);
    ASSERT_EQ(got.size(), want.size()) << src.size();
    EXPECT_EQ(cv::norm(got, want, cv::NORM_INF), 0.0) << src.size();
  }
}

TEST(GuideSize, IsAboutOneHundredEightyRowsByAnIntegerFactor) {
  EXPECT_EQ(guide_size({1280, 720}), cv::Size(320, 180));
  EXPECT_EQ(guide_size({1920, 1080}), cv::Size(320, 180));
  EXPECT_EQ(guide_size({640, 360}), cv::Size(320, 180));
  EXPECT_EQ(guide_size({3840, 2160}), cv::Size(320, 180));
  EXPECT_EQ(guide_size({160, 90}), cv::Size(160, 90));
  EXPECT_EQ(guide_size({1, 1}), cv::Size(1, 1));
}

}  // namespace
}  // namespace fakecam::compose
