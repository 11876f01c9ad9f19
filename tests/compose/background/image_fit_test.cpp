// SPDX-License-Identifier: GPL-3.0-or-later
// Background geometry on a synthetic image whose four quadrants have
// different colours and whose border is a 2-pixel frame of its own colour,
// so cover (crop), fit (bars), tile (repeat) and stretch can be told apart by
// the colours at chosen pixels.

#include <gtest/gtest.h>

#include "compose/background/image_fit.hpp"

namespace fakecam::compose {
namespace {

const cv::Vec3b kTopLeft(0, 0, 200), kTopRight(0, 200, 0), kBottomLeft(200, 0, 0), kBottomRight(200, 200, 0);
const cv::Vec3b kBorder(255, 255, 255);
const cv::Vec3b kBar(10, 20, 30);

cv::Mat quadrants(int w, int h, bool border, int border_width = 2) {
  cv::Mat img(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const bool right = x >= w / 2, bottom = y >= h / 2;
      img.at<cv::Vec3b>(y, x) = bottom ? (right ? kBottomRight : kBottomLeft) : (right ? kTopRight : kTopLeft);
      const int b = border_width;
      if (border && (x < b || y < b || x >= w - b || y >= h - b)) img.at<cv::Vec3b>(y, x) = kBorder;
    }
  }
  return img;
}

void expect_near(const cv::Vec3b& got, const cv::Vec3b& want, int tol, const std::string& where) {
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(got[c], want[c], tol) << where << " channel " << c;
}

TEST(CoverCrop, KeepsTheFramesAspectCentred) {
  EXPECT_EQ(cover_crop({400, 100}, {200, 100}), cv::Rect(100, 0, 200, 100));  // wider: crop the sides
  EXPECT_EQ(cover_crop({100, 400}, {200, 100}), cv::Rect(0, 175, 100, 50));   // taller: crop top and bottom
  EXPECT_EQ(cover_crop({160, 90}, {1280, 720}), cv::Rect(0, 0, 160, 90));     // same aspect: everything
}

TEST(FitPlacement, CentresWithBars) {
  EXPECT_EQ(fit_placement({400, 100}, {200, 100}), cv::Rect(0, 25, 200, 50));
  EXPECT_EQ(fit_placement({100, 400}, {200, 100}), cv::Rect(87, 0, 25, 100));
}

TEST(ImageFit, CoverOfAWiderImageCropsTheSidesAndFillsTheFrame) {
  // 400x100 with border into 100x100: the middle 100 columns are kept, so
  // the left and right borders are gone but top and bottom remain.
  const cv::Mat src = quadrants(400, 100, true);
  cv::Mat out;
  fit_image(src, {100, 100}, ImageFit::cover, kBar, out);
  ASSERT_EQ(out.size(), cv::Size(100, 100));
  ASSERT_EQ(out.type(), CV_8UC3);
  expect_near(out.at<cv::Vec3b>(50, 0), kBottomLeft, 2, "left edge, middle row");  // no border: cropped
  expect_near(out.at<cv::Vec3b>(50, 99), kBottomRight, 2, "right edge, middle row");
  expect_near(out.at<cv::Vec3b>(0, 50), kBorder, 2, "top edge kept");
  expect_near(out.at<cv::Vec3b>(25, 25), kTopLeft, 2, "top-left quadrant");
  expect_near(out.at<cv::Vec3b>(75, 75), kBottomRight, 2, "bottom-right quadrant");
}

TEST(ImageFit, CoverEnlargesASmallImage) {
  const cv::Mat src = quadrants(16, 9, false);
  cv::Mat out;
  fit_image(src, {1280, 720}, ImageFit::cover, kBar, out);
  ASSERT_EQ(out.size(), cv::Size(1280, 720));
  expect_near(out.at<cv::Vec3b>(0, 0), kTopLeft, 0, "top-left corner");
  expect_near(out.at<cv::Vec3b>(719, 1279), kBottomRight, 0, "bottom-right corner");
  expect_near(out.at<cv::Vec3b>(100, 1200), kTopRight, 0, "top-right area");
}

TEST(ImageFit, FitLetterboxesWithTheBarColour) {
  // 200x100 (2:1) into 160x120 (4:3): scaled to 160x80, bars of 20 rows.
  const cv::Mat src = quadrants(200, 100, false);
  cv::Mat out;
  fit_image(src, {160, 120}, ImageFit::fit, kBar, out);
  ASSERT_EQ(out.size(), cv::Size(160, 120));
  for (int x : {0, 80, 159}) {
    expect_near(out.at<cv::Vec3b>(0, x), kBar, 0, "top bar");
    expect_near(out.at<cv::Vec3b>(19, x), kBar, 0, "top bar, last row");
    expect_near(out.at<cv::Vec3b>(100, x), kBar, 0, "bottom bar, first row");
    expect_near(out.at<cv::Vec3b>(119, x), kBar, 0, "bottom bar");
  }
  expect_near(out.at<cv::Vec3b>(21, 1), kTopLeft, 2, "image top-left");
  expect_near(out.at<cv::Vec3b>(98, 158), kBottomRight, 2, "image bottom-right");
}

TEST(ImageFit, FitPillarboxesATallImage) {
  const cv::Mat src = quadrants(50, 100, false);
  cv::Mat out;
  fit_image(src, {200, 100}, ImageFit::fit, kBar, out);
  expect_near(out.at<cv::Vec3b>(50, 0), kBar, 0, "left bar");
  expect_near(out.at<cv::Vec3b>(50, 199), kBar, 0, "right bar");
  expect_near(out.at<cv::Vec3b>(10, 80), kTopLeft, 2, "image");
  expect_near(out.at<cv::Vec3b>(90, 120), kBottomRight, 2, "image");
}

TEST(ImageFit, TileRepeatsAtNativeSizeFromTheTopLeft) {
  const cv::Mat src = quadrants(10, 6, false);
  cv::Mat out;
  fit_image(src, {25, 14}, ImageFit::tile, kBar, out);
  ASSERT_EQ(out.size(), cv::Size(25, 14));
  for (int y = 0; y < out.rows; ++y) {
    for (int x = 0; x < out.cols; ++x) {
      ASSERT_EQ(out.at<cv::Vec3b>(y, x), src.at<cv::Vec3b>(y % 6, x % 10)) << "at " << x << "," << y;
    }
  }
}

TEST(ImageFit, TileOfALargerImageShowsItsTopLeft) {
  const cv::Mat src = quadrants(100, 100, false);
  cv::Mat out;
  fit_image(src, {40, 30}, ImageFit::tile, kBar, out);
  EXPECT_EQ(cv::norm(out, src(cv::Rect(0, 0, 40, 30)), cv::NORM_INF), 0.0);
}

TEST(ImageFit, StretchIgnoresTheAspect) {
  const cv::Mat src = quadrants(400, 100, true, 4);  // 4 columns shrink to 1
  cv::Mat out;
  fit_image(src, {100, 100}, ImageFit::stretch, kBar, out);
  ASSERT_EQ(out.size(), cv::Size(100, 100));
  // All four borders survive (nothing cropped) and the quadrants are square.
  expect_near(out.at<cv::Vec3b>(50, 0), kBorder, 2, "left border");
  expect_near(out.at<cv::Vec3b>(50, 99), kBorder, 2, "right border");
  expect_near(out.at<cv::Vec3b>(0, 50), kBorder, 2, "top border");
  expect_near(out.at<cv::Vec3b>(25, 25), kTopLeft, 2, "top-left quadrant");
  expect_near(out.at<cv::Vec3b>(75, 75), kBottomRight, 2, "bottom-right quadrant");
}

TEST(ImageFit, SameSizeIsACopy) {
  const cv::Mat src = quadrants(64, 48, true);
  for (ImageFit mode : {ImageFit::cover, ImageFit::fit, ImageFit::tile, ImageFit::stretch}) {
    cv::Mat out;
    fit_image(src, src.size(), mode, kBar, out);
    EXPECT_EQ(cv::norm(out, src, cv::NORM_INF), 0.0) << static_cast<int>(mode);
  }
}

TEST(ImageFit, ExtremeAspectsStayInsideTheImage) {
  const cv::Mat thin = quadrants(1, 300, false);
  cv::Mat out;
  for (ImageFit mode : {ImageFit::cover, ImageFit::fit, ImageFit::tile, ImageFit::stretch}) {
    fit_image(thin, {320, 2}, mode, kBar, out);
    EXPECT_EQ(out.size(), cv::Size(320, 2)) << static_cast<int>(mode);
  }
}

}  // namespace
}  // namespace fakecam::compose
