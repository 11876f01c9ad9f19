// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/box_gaussian.hpp"

#include <cmath>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

namespace fakecam::compose {
namespace {

// Three extended boxes have exactly the variance asked for: the end weight
// in [0, 1) makes up what the whole radius leaves.
TEST(BoxGaussian, ThreeBoxesHaveTheGaussiansVariance) {
  for (double sigma : {0.5, 1.0, 1.4, 2.65, 4.0, 7.3}) {
    const ExtendedBox box = extended_box_for(sigma);
    const double r = box.radius, w = box.end_weight;
    const double variance = (r * (r + 1) * (2 * r + 1) / 3 + 2 * w * (r + 1) * (r + 1)) / (2 * r + 1 + 2 * w);
    EXPECT_NEAR(3 * variance, sigma * sigma, 1e-6) << "sigma " << sigma;
    EXPECT_GE(w, 0.0);
    EXPECT_LT(w, 1.0);
  }
}

// A point's blur away from the borders: sums to 1 and has variance sigma^2
// along each axis, and is symmetric.
TEST(BoxGaussian, APointSpreadsWithTheRightVarianceOnEachAxis) {
  for (double sigma : {1.4, 2.65, 4.0}) {
    cv::Mat point = cv::Mat::zeros(81, 101, CV_32FC1);
    point.at<float>(40, 50) = 1.0f;
    cv::Mat out;
    BoxGaussian().run(point, sigma, out);
    double sum = 0, vx = 0, vy = 0;
    for (int y = 0; y < out.rows; ++y) {
      for (int x = 0; x < out.cols; ++x) {
        const double v = out.at<float>(y, x);
        sum += v;
        vx += v * (x - 50) * (x - 50);
        vy += v * (y - 40) * (y - 40);
      }
    }
    EXPECT_NEAR(sum, 1.0, 1e-5) << "sigma " << sigma;
    EXPECT_NEAR(vx, sigma * sigma, 1e-3) << "sigma " << sigma;
    EXPECT_NEAR(vy, sigma * sigma, 1e-3) << "sigma " << sigma;
    EXPECT_NEAR(out.at<float>(40, 47), out.at<float>(40, 53), 1e-7);
    EXPECT_NEAR(out.at<float>(37, 50), out.at<float>(43, 50), 1e-7);
  }
}

// On a picture (random colours blurred a little and stretched to the full
// range: detail finer than any blur here, four channels as the blur
// background's weighted planes, odd sizes) it is cv::GaussianBlur's result
// to within 4 levels (1.5 %) anywhere and 0.6 on average, borders
// included: the three boxes' kernel is not exactly a Gaussian's shape
// (measured: worst 1.0 / 2.1 / 3.5, mean 0.20 / 0.41 / 0.48 at sigma 1.4 /
// 2.65 / 5).
TEST(BoxGaussian, MatchesOpenCvsGaussianOnAPicture) {
  cv::RNG rng(3);
  cv::Mat noise(91, 163, CV_32FC4);
  rng.fill(noise, cv::RNG::UNIFORM, 0, 255);
  cv::Mat picture;
  cv::GaussianBlur(noise, picture, cv::Size(), 2.0);
  cv::normalize(picture, picture, 0, 255, cv::NORM_MINMAX);  // the full range: edges as hard as a frame's
  for (double sigma : {1.4, 2.65, 5.0}) {
    cv::Mat want, got, diff;
    cv::GaussianBlur(picture, want, cv::Size(), sigma, sigma, cv::BORDER_REFLECT_101);
    BoxGaussian().run(picture, sigma, got);
    ASSERT_EQ(got.type(), CV_32FC4);
    ASSERT_EQ(got.size(), picture.size());
    cv::absdiff(got, want, diff);
    double worst = 0;
    cv::minMaxLoc(diff.reshape(1), nullptr, &worst);
    EXPECT_LT(worst, 4.0) << "sigma " << sigma;
    EXPECT_LT(cv::mean(diff.reshape(1))[0], 0.6) << "sigma " << sigma;
  }
}

// In place, one channel, and an image smaller than the boxes (the
// reflected border folds more than once): a constant stays that constant.
TEST(BoxGaussian, InPlaceAndTinyImagesKeepAConstant) {
  for (const cv::Size size : {cv::Size(1, 1), cv::Size(3, 2), cv::Size(64, 36)}) {
    cv::Mat image(size, CV_32FC1, cv::Scalar(7.5));
    BoxGaussian().run(image, 6.0, image);
    double lo = 0, hi = 0;
    cv::minMaxLoc(image, &lo, &hi);
    EXPECT_NEAR(lo, 7.5, 1e-4) << size;
    EXPECT_NEAR(hi, 7.5, 1e-4) << size;
  }
}

}  // namespace
}  // namespace fakecam::compose
