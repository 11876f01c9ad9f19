// SPDX-License-Identifier: GPL-3.0-or-later
// The background blur: right size and type, flat stays flat, detail goes,
// and the blur it makes has the documented width (blur_sigma()).

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "compose/background/blur_background.hpp"
#include "compose/compose_settings.hpp"

namespace fakecam::compose {
namespace {

double high_frequency_energy(const cv::Mat& bgr) {
  cv::Mat gray, lap;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  cv::Laplacian(gray, lap, CV_32F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(lap, mean, stddev);
  return stddev[0] * stddev[0];
}

cv::Mat rendered(Background& background, const cv::Mat& frame) {
  const cv::Mat alpha(frame.size(), CV_8UC1, cv::Scalar(0));
  cv::Mat out;
  background.render({frame, alpha}, out);
  return out;
}

cv::Mat noise_image(cv::Size size) {
  cv::Mat img(size, CV_8UC3);
  cv::RNG rng(42);
  rng.fill(img, cv::RNG::UNIFORM, 0, 256);
  return img;
}

TEST(BlurSigma, IsAFractionOfTheFrameHeight) {
  EXPECT_DOUBLE_EQ(blur_sigma(50, {1280, 720}), 10.8);
  EXPECT_DOUBLE_EQ(blur_sigma(100, {1280, 720}), 21.6);
  EXPECT_DOUBLE_EQ(blur_sigma(50, {1920, 1080}), 16.2);
  EXPECT_DOUBLE_EQ(blur_sigma(0, {1920, 1080}), 0.0);
}

TEST(BlurPlan, AddsUpToTheRequestedSigma) {
  for (double sigma : {0.5, 1.0, 2.0, 3.0, 5.0, 10.8, 16.2, 21.6, 32.4, 60.0}) {
    const BlurPlan plan = plan_blur(sigma);
    const double f = plan.factor;
    const double extra = plan.factor > 1 ? f * f / 4.0 : 0.0;
    EXPECT_NEAR(std::sqrt(std::pow(plan.small_sigma * f, 2) + extra), sigma, 1e-9) << sigma;
    if (plan.factor > 1) {
      EXPECT_GE(plan.small_sigma, 1.4) << sigma;
    }
  }
  EXPECT_EQ(plan_blur(10.8).factor, 4);
  EXPECT_EQ(plan_blur(0).factor, 1);
  EXPECT_EQ(plan_blur(0).small_sigma, 0.0);
}

TEST(BlurBackground, KeepsSizeAndType) {
  for (cv::Size size : {cv::Size(1280, 720), cv::Size(1920, 1080), cv::Size(641, 363), cv::Size(8, 6)}) {
    BlurBackground blur(kDefaultBlurStrength);
    const cv::Mat frame = noise_image(size);
    const cv::Mat out = rendered(blur, frame);
    EXPECT_EQ(out.size(), size);
    EXPECT_EQ(out.type(), CV_8UC3);
  }
}

TEST(BlurBackground, KeepsAFlatImageFlat) {
  const cv::Mat flat(720, 1280, CV_8UC3, cv::Scalar(17, 130, 240));
  for (int strength : {1, 20, 50, 100}) {
    BlurBackground blur(strength);
    const cv::Mat out = rendered(blur, flat);
    EXPECT_LE(cv::norm(out, flat, cv::NORM_INF), 1.0) << "strength " << strength;
  }
}

TEST(BlurBackground, RemovesHighFrequencies) {
  const cv::Mat frame = noise_image({1280, 720});
  const double before = high_frequency_energy(frame);
  std::vector<double> after;
  for (int strength : {3, 10, 50, 100}) {
    BlurBackground blur(strength);
    after.push_back(high_frequency_energy(rendered(blur, frame)));
    EXPECT_LT(after.back(), before / 10.0) << "strength " << strength;
    std::printf("strength %d: Laplacian variance %.3f (noise: %.1f)\n", strength, after.back(), before);
  }
  // Weak blurs leave more detail; strong ones reach the 8-bit rounding floor.
  EXPECT_GT(after[0], after[1] * 2);
  EXPECT_GT(after[1], after[2] * 2);
  EXPECT_LT(after[3], 1.0);
  // The mean colour is kept (no drift, no darkening at borders).
  BlurBackground blur(kDefaultBlurStrength);
  const cv::Scalar mean_before = cv::mean(frame), mean_after = cv::mean(rendered(blur, frame));
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(mean_after[c], mean_before[c], 0.5);
}

TEST(BlurBackground, RowsMatchAFullFrameBilinearUpscale) {
  // The streamed rows (horizontal stretch in prepare, vertical per row) are
  // the same bilinear upscale cv::resize makes, within rounding.
  for (cv::Size size : {cv::Size(1280, 720), cv::Size(1920, 1080), cv::Size(641, 363)}) {
    const cv::Mat frame = noise_image(size);
    const double sigma = blur_sigma(kDefaultBlurStrength, size);
    const BlurPlan plan = plan_blur(sigma);
    ASSERT_GT(plan.factor, 1);
    cv::Mat small = frame, next;
    for (int f = plan.factor; f > 1; f /= 2) {
      cv::resize(small, next, cv::Size(small.cols / 2, small.rows / 2), 0, 0, cv::INTER_AREA);
      small = next.clone();
    }
    cv::GaussianBlur(small, small, cv::Size(), plan.small_sigma, plan.small_sigma, cv::BORDER_REFLECT_101);
    cv::Mat reference;
    cv::resize(small, reference, size, 0, 0, cv::INTER_LINEAR);
    BlurBackground blur(kDefaultBlurStrength);
    EXPECT_LE(cv::norm(rendered(blur, frame), reference, cv::NORM_INF), 1.0) << size;
  }
}

TEST(BlurBackground, IsNotShifted) {
  // A centred bright square stays centred: its blurred centroid is where it was.
  cv::Mat frame(720, 1280, CV_8UC3, cv::Scalar(0, 0, 0));
  frame(cv::Rect(600, 320, 81, 81)).setTo(cv::Scalar(255, 255, 255));
  for (int strength : {10, 50, 100}) {
    BlurBackground blur(strength);
    cv::Mat gray;
    cv::cvtColor(rendered(blur, frame), gray, cv::COLOR_BGR2GRAY);
    const cv::Moments m = cv::moments(gray);
    EXPECT_NEAR(m.m10 / m.m00, 640.0, 0.5) << "strength " << strength;
    EXPECT_NEAR(m.m01 / m.m00, 360.0, 0.5) << "strength " << strength;
  }
}

TEST(BlurBackground, ZeroStrengthIsACopy) {
  const cv::Mat frame = noise_image({320, 240});
  BlurBackground blur(0);
  EXPECT_EQ(cv::norm(rendered(blur, frame), frame, cv::NORM_INF), 0.0);
}

// The width of a blurred vertical step edge: a Gaussian of sigma s turns it
// into an erf whose 15.9%-84.1% rise spans 2s.
double measured_sigma(const cv::Mat& blurred, int row) {
  const cv::Vec3b* p = blurred.ptr<cv::Vec3b>(row);
  auto level = [&](int x) { return p[x][1] / 255.0; };
  auto crossing = [&](double target) {
    for (int x = 1; x < blurred.cols; ++x) {
      if (level(x) >= target) return x - 1 + (target - level(x - 1)) / (level(x) - level(x - 1));
    }
    return static_cast<double>(blurred.cols);
  };
  return (crossing(0.841) - crossing(0.159)) / 2.0;
}

TEST(BlurBackground, BlurWidthIsTheDocumentedSigma) {
  for (cv::Size size : {cv::Size(1280, 720), cv::Size(1920, 1080)}) {
    cv::Mat step(size, CV_8UC3, cv::Scalar(0, 0, 0));
    step.colRange(size.width / 2 + 3, size.width).setTo(cv::Scalar(255, 255, 255));
    for (int strength : {5, 25, 50, 100}) {
      BlurBackground blur(strength);
      const double want = blur_sigma(strength, size);
      const double got = measured_sigma(rendered(blur, step), size.height / 2);
      EXPECT_NEAR(got, want, 0.1 * want + 0.3) << size << " strength " << strength;
    }
  }
}

// No halo: a bright person on a dark background. The plain blur smears the
// person's light over the background next to them; weighted by (1 - alpha),
// the background next to the person stays dark.
TEST(BlurBackground, NoHaloAroundABrightPerson) {
  for (cv::Size size : {cv::Size(1280, 720), cv::Size(1920, 1080), cv::Size(640, 360)}) {
    cv::Mat frame(size, CV_8UC3, cv::Scalar(12, 12, 12));
    const cv::Rect person(size.width / 3, size.height / 5, size.width / 3, size.height * 4 / 5);
    frame(person).setTo(cv::Scalar(250, 250, 250));
    cv::Mat alpha(size, CV_8UC1, cv::Scalar(0));
    alpha(person).setTo(255);
    for (int strength : {20, 50, 100}) {
      BlurBackground weighted(strength), plain(strength);
      cv::Mat halo_free, haloed;
      weighted.render({frame, alpha}, halo_free);
      plain.render({frame, cv::Mat()}, haloed);
      // The background band 2..20 px left of the person, at mid height.
      const int y = person.y + person.height / 2;
      for (int dx : {2, 5, 10, 20}) {
        const int x = person.x - dx;
        EXPECT_LE(halo_free.at<cv::Vec3b>(y, x)[1], 20) << size << " strength " << strength << " dx " << dx;
      }
      EXPECT_GE(haloed.at<cv::Vec3b>(y, person.x - 2)[1], 60) << "the plain blur has the halo the weighting removes";
      // Far from the person the background is the plain blur of the room.
      EXPECT_NEAR(halo_free.at<cv::Vec3b>(10, 10)[1], 12, 1);
      // Inside the person (where the background shows only through a soft
      // edge) it falls back to the plain blur, not black.
      EXPECT_GT(halo_free.at<cv::Vec3b>(y, person.x + person.width / 2)[1], 200);
    }
  }
}

}  // namespace
}  // namespace fakecam::compose
