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

// The one kernel of the three boxes: 3 r + 4 taps a side, summing to 1,
// with the variance sigma^2, falling away from the centre; and it is the
// three boxes applied one after another to a point.
TEST(BoxGaussian, TheThreeBoxesKernelIsTheirConvolution) {
  for (double sigma : {0.5, 1.4, 1.96, 2.65, 4.0, 7.3}) {
    const std::vector<float> taps = three_box_taps(sigma);
    const ExtendedBox box = extended_box_for(sigma);
    ASSERT_EQ(taps.size(), static_cast<std::size_t>(3 * box.radius + 4)) << "sigma " << sigma;
    double sum = taps[0], variance = 0;
    for (std::size_t k = 1; k < taps.size(); ++k) {
      sum += 2.0 * taps[k];
      variance += 2.0 * taps[k] * static_cast<double>(k * k);
      EXPECT_LE(taps[k], taps[k - 1]) << "sigma " << sigma << " tap " << k;
    }
    EXPECT_NEAR(sum, 1.0, 1e-6) << "sigma " << sigma;
    EXPECT_NEAR(variance, sigma * sigma, 1e-4) << "sigma " << sigma;
    EXPECT_GT(taps.back(), 0.0f) << "sigma " << sigma;

    // A point through three boxes, each a plain loop of the box's formula.
    const int n = 4 * static_cast<int>(taps.size()) + 9, centre = n / 2;
    std::vector<double> signal(static_cast<std::size_t>(n), 0.0);
    signal[static_cast<std::size_t>(centre)] = 1.0;
    const double norm = 1.0 / (2 * box.radius + 1 + 2.0 * box.end_weight);
    for (int pass = 0; pass < 3; ++pass) {
      std::vector<double> next(signal.size(), 0.0);
      for (int x = box.radius + 1; x < n - box.radius - 1; ++x) {
        double s = box.end_weight * (signal[static_cast<std::size_t>(x - box.radius - 1)] +
                                     signal[static_cast<std::size_t>(x + box.radius + 1)]);
        for (int k = -box.radius; k <= box.radius; ++k) s += signal[static_cast<std::size_t>(x + k)];
        next[static_cast<std::size_t>(x)] = s * norm;
      }
      signal.swap(next);
    }
    for (std::size_t k = 0; k < taps.size(); ++k) {
      EXPECT_NEAR(taps[k], signal[static_cast<std::size_t>(centre) + k], 1e-7) << "sigma " << sigma << " tap " << k;
    }
  }
  EXPECT_EQ(three_box_taps(0.0), std::vector<float>{1.0f});
}

// On a picture (random colours blurred a little and stretched to the full
// range: detail finer than any blur here, four channels as the blur
// background's weighted planes, odd sizes) the kernel is cv::GaussianBlur's
// result to within 4 levels (1.5 %) anywhere and 0.6 on average, borders
// included: the three boxes' kernel is not exactly a Gaussian's shape
// (measured: worst 1.0 / 2.1 / 3.5, mean 0.20 / 0.41 / 0.48 at sigma 1.4 /
// 2.65 / 5).
// Only the outer taps below the threshold go; the rest still sum to 1 and
// keep the variance within 2 % (sigma within 1 %: 1.96 becomes 1.947).
TEST(BoxGaussian, FaintTailsLeftOut) {
  for (double sigma : {1.4, 1.96, 2.65, 4.0}) {
    const std::vector<float> all = three_box_taps(sigma);
    const std::vector<float> kept = without_faint_tails(all, 1e-3f);
    ASSERT_GE(kept.size(), 2u);
    ASSERT_LE(kept.size(), all.size());
    EXPECT_GE(all[kept.size() - 1], 1e-3f) << sigma;
    if (kept.size() < all.size()) {
      EXPECT_LT(all[kept.size()], 1e-3f) << sigma;
    }
    double sum = kept[0], variance = 0;
    for (std::size_t k = 1; k < kept.size(); ++k) {
      sum += 2.0 * kept[k];
      variance += 2.0 * kept[k] * static_cast<double>(k * k);
      EXPECT_NEAR(kept[k] / kept[0], all[k] / all[0], 1e-6) << sigma;  // only scaled
    }
    EXPECT_NEAR(sum, 1.0, 1e-6) << sigma;
    EXPECT_NEAR(variance, sigma * sigma, 0.02 * sigma * sigma) << sigma;
  }
  EXPECT_EQ(without_faint_tails(three_box_taps(2.65), 1e-3f).size(), 8u);  // 15 taps, not 19
  EXPECT_EQ(without_faint_tails({1.0f}, 0.5f).size(), 1u);                 // the centre stays
}

TEST(BoxGaussian, MatchesOpenCvsGaussianOnAPicture) {
  cv::RNG rng(3);
  cv::Mat noise(91, 163, CV_32FC4);
  rng.fill(noise, cv::RNG::UNIFORM, 0, 255);
  cv::Mat picture;
  cv::GaussianBlur(noise, picture, cv::Size(), 2.0);
  cv::normalize(picture, picture, 0, 255, cv::NORM_MINMAX);  // the full range: edges as hard as a frame's
  for (double sigma : {1.4, 2.65, 5.0}) {
    const std::vector<float> taps = three_box_taps(sigma);
    cv::Mat kernel(2 * static_cast<int>(taps.size()) - 1, 1, CV_32F);
    for (std::size_t k = 0; k < taps.size(); ++k) {
      kernel.at<float>(static_cast<int>(taps.size() - 1 - k)) = taps[k];
      kernel.at<float>(static_cast<int>(taps.size() - 1 + k)) = taps[k];
    }
    cv::Mat want, got, diff;
    cv::GaussianBlur(picture, want, cv::Size(), sigma, sigma, cv::BORDER_REFLECT_101);
    cv::sepFilter2D(picture, got, CV_32F, kernel, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT_101);
    cv::absdiff(got, want, diff);
    double worst = 0;
    cv::minMaxLoc(diff.reshape(1), nullptr, &worst);
    EXPECT_LT(worst, 4.0) << "sigma " << sigma;
    EXPECT_LT(cv::mean(diff.reshape(1))[0], 0.6) << "sigma " << sigma;
  }
}

}  // namespace
}  // namespace fakecam::compose
