// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/yuv_image.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"

namespace fakecam {
namespace {

TEST(YuvImage, PlanesLieInI420OrderInOneBuffer) {
  YuvImage image(cv::Size(6, 4));
  EXPECT_EQ(image.byte_size(), 36u);
  EXPECT_EQ(image.y().data, image.data());
  EXPECT_EQ(image.u().data, image.data() + 24);
  EXPECT_EQ(image.v().data, image.data() + 30);
  EXPECT_EQ(image.u().size(), cv::Size(3, 2));
  image.fill(16, 128, 240);
  EXPECT_EQ(image.data()[23], 16);
  EXPECT_EQ(image.data()[24], 128);
  EXPECT_EQ(image.data()[35], 240);
}

TEST(YuvImage, RefusesOddSizes) {
  EXPECT_THROW(YuvImage(cv::Size(5, 4)), Error);
  EXPECT_THROW(YuvImage(cv::Size(4, 3)), Error);
  EXPECT_THROW(YuvImage(cv::Size(0, 0)), Error);
}

TEST(YuvImage, CreateNeverWritesIntoABufferAnotherImageShares) {
  YuvImage a(cv::Size(4, 4));
  a.fill(1, 2, 3);
  YuvImage b = a;  // shallow, like cv::Mat
  b.create(cv::Size(4, 4));
  EXPECT_NE(a.data(), b.data());
  b.fill(9, 9, 9);
  EXPECT_EQ(a.data()[0], 1);
  const std::uint8_t* before = b.data();
  b.create(cv::Size(4, 4));  // sole owner: kept
  EXPECT_EQ(b.data(), before);
}

TEST(YuvImage, BgrRoundTripUsesLimitedRangeBt601) {
  cv::Mat bgr(8, 8, CV_8UC3);
  bgr.setTo(cv::Scalar(0, 0, 0));
  bgr(cv::Rect(4, 0, 4, 8)).setTo(cv::Scalar(255, 255, 255));
  YuvImage yuv;
  bgr_to_yuv(bgr, yuv);
  EXPECT_EQ(yuv.y().at<std::uint8_t>(0, 0), 16);
  EXPECT_EQ(yuv.y().at<std::uint8_t>(0, 7), 235);
  EXPECT_EQ(yuv.u().at<std::uint8_t>(0, 0), 128);
  cv::Mat back;
  yuv_to_bgr(yuv, back);
  ASSERT_EQ(back.size(), bgr.size());
  EXPECT_LE(cv::norm(back, bgr, cv::NORM_INF), 2.0);
}

TEST(YuvImage, FullRangeBecomesLimitedRange) {
  YuvImage image(cv::Size(4, 2));
  cv::Mat y = image.y();
  y.at<std::uint8_t>(0, 0) = 0;
  y.at<std::uint8_t>(0, 1) = 255;
  y.at<std::uint8_t>(0, 2) = 128;
  y.at<std::uint8_t>(0, 3) = 1;
  image.u().at<std::uint8_t>(0, 0) = 0;
  image.u().at<std::uint8_t>(0, 1) = 255;
  image.v().at<std::uint8_t>(0, 0) = 128;
  image.v().at<std::uint8_t>(0, 1) = 64;
  full_to_limited_range(image);
  EXPECT_EQ(y.at<std::uint8_t>(0, 0), 16);
  EXPECT_EQ(y.at<std::uint8_t>(0, 1), 235);
  EXPECT_EQ(y.at<std::uint8_t>(0, 2), 126);  // 16 + 128 * 219 / 255 = 125.9
  EXPECT_EQ(y.at<std::uint8_t>(0, 3), 17);   // 16.86
  EXPECT_EQ(image.u().at<std::uint8_t>(0, 0), 16);
  EXPECT_EQ(image.u().at<std::uint8_t>(0, 1), 240);
  EXPECT_EQ(image.v().at<std::uint8_t>(0, 0), 128);
  EXPECT_EQ(image.v().at<std::uint8_t>(0, 1), 72);  // 128 - 64 * 224 / 255 = 71.8
}

// Every byte value of every plane, against the formula in double precision
// (what cv::Mat::convertTo with these scales gave before): the integer
// division by 255 must round exactly, and in place as well as into another
// image. 514 columns: the vectorized body and its scalar tail both run.
TEST(YuvImage, FullToLimitedRangeRoundsEveryByteLikeTheFormula) {
  const cv::Size size(514, 4);
  YuvImage full(size);
  for (int r = 0; r < size.height; ++r) {
    for (int x = 0; x < size.width; ++x) full.y().at<std::uint8_t>(r, x) = static_cast<std::uint8_t>((x + r) % 256);
  }
  for (int r = 0; r < size.height / 2; ++r) {
    for (int x = 0; x < size.width / 2; ++x) {
      full.u().at<std::uint8_t>(r, x) = static_cast<std::uint8_t>((x + r) % 256);
      full.v().at<std::uint8_t>(r, x) = static_cast<std::uint8_t>(255 - (x + r) % 256);
    }
  }
  auto expect_limited = [&](const YuvImage& limited) {
    auto check = [](const cv::Mat& in, const cv::Mat& out, double scale, double offset, const char* plane) {
      for (int r = 0; r < in.rows; ++r) {
        for (int x = 0; x < in.cols; ++x) {
          const int v = in.at<std::uint8_t>(r, x);
          ASSERT_EQ(out.at<std::uint8_t>(r, x), static_cast<int>(std::lround(v * scale + offset)))
              << plane << " of " << v;
        }
      }
    };
    check(full.y(), limited.y(), 219.0 / 255.0, 16.0, "Y");
    check(full.u(), limited.u(), 224.0 / 255.0, 128.0 * 31.0 / 255.0, "U");
    check(full.v(), limited.v(), 224.0 / 255.0, 128.0 * 31.0 / 255.0, "V");
  };
  YuvImage limited;
  full_to_limited_range(full.y(), full.u(), full.v(), limited);
  expect_limited(limited);
  YuvImage in_place = full.clone();
  full_to_limited_range(in_place);
  expect_limited(in_place);
}

TEST(YuvImage, FlipsEachPlane) {
  YuvImage image(cv::Size(4, 4));
  image.fill(16, 128, 128);
  image.y().at<std::uint8_t>(0, 0) = 200;
  image.u().at<std::uint8_t>(0, 0) = 100;
  flip_yuv(image, true, false);
  EXPECT_EQ(image.y().at<std::uint8_t>(0, 3), 200);
  EXPECT_EQ(image.u().at<std::uint8_t>(0, 1), 100);
  flip_yuv(image, false, true);
  EXPECT_EQ(image.y().at<std::uint8_t>(3, 3), 200);
  EXPECT_EQ(image.u().at<std::uint8_t>(1, 1), 100);
}

TEST(YuvImage, ScalesEachPlaneByAreaAveraging) {
  YuvImage image(cv::Size(8, 4));
  image.fill(16, 100, 200);
  image.y().colRange(0, 4).setTo(235);
  YuvImage half;
  scale_yuv(image, {4, 2}, half);
  ASSERT_EQ(half.size(), cv::Size(4, 2));
  EXPECT_EQ(half.y().at<std::uint8_t>(0, 0), 235);
  EXPECT_EQ(half.y().at<std::uint8_t>(1, 3), 16);
  EXPECT_EQ(half.u().at<std::uint8_t>(0, 1), 100);
  EXPECT_EQ(half.v().at<std::uint8_t>(0, 0), 200);
}

}  // namespace
}  // namespace fakecam
