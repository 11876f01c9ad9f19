// SPDX-License-Identifier: GPL-3.0-or-later
// The row-at-a-time normalised convolution against whole-image ones: weigh,
// filter down and across with the borders reflected, divide; with the one
// kernel the blur runs, and with the three extended boxes it stands for
// (reflected at every pass), tails and all. Images with a vector tail, with
// fewer rows or columns than the kernel (the border folds more than once),
// the colour interleaved or in planes.

#include "compose/background/weighted_blur.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "compose/kernels/box_gaussian.hpp"

namespace fakecam::compose {
namespace {

constexpr float kFloor = 0.01f;

// One extended box along x (axis 0) or y (axis 1) of a CV_64FC4 image,
// the border reflected (cv::BORDER_REFLECT_101), as plain loops.
cv::Mat box_pass(const cv::Mat& in, const ExtendedBox& box, int axis) {
  cv::Mat out(in.size(), in.type());
  const int n = axis == 0 ? in.cols : in.rows;
  const double norm = 1.0 / (2 * box.radius + 1 + 2.0 * box.end_weight);
  for (int y = 0; y < in.rows; ++y) {
    for (int x = 0; x < in.cols; ++x) {
      cv::Vec4d sum(0, 0, 0, 0);
      for (int k = -box.radius - 1; k <= box.radius + 1; ++k) {
        const double w = std::abs(k) == box.radius + 1 ? box.end_weight : 1.0;
        const int i = cv::borderInterpolate((axis == 0 ? x : y) + k, n, cv::BORDER_REFLECT_101);
        sum += w * (axis == 0 ? in.at<cv::Vec4d>(y, i) : in.at<cv::Vec4d>(i, x));
      }
      out.at<cv::Vec4d>(y, x) = sum * norm;
    }
  }
  return out;
}

// A symmetric kernel (taps[0] the centre, taps[k] k away on either side)
// along x (axis 0) or y (axis 1), the border reflected, as plain loops.
cv::Mat kernel_pass(const cv::Mat& in, const std::vector<float>& taps, int axis) {
  cv::Mat out(in.size(), in.type());
  const int n = axis == 0 ? in.cols : in.rows;
  const int radius = static_cast<int>(taps.size()) - 1;
  for (int y = 0; y < in.rows; ++y) {
    for (int x = 0; x < in.cols; ++x) {
      cv::Vec4d sum(0, 0, 0, 0);
      for (int k = -radius; k <= radius; ++k) {
        const int i = cv::borderInterpolate((axis == 0 ? x : y) + k, n, cv::BORDER_REFLECT_101);
        sum += static_cast<double>(taps[static_cast<std::size_t>(std::abs(k))]) *
               (axis == 0 ? in.at<cv::Vec4d>(y, i) : in.at<cv::Vec4d>(i, x));
      }
      out.at<cv::Vec4d>(y, x) = sum;
    }
  }
  return out;
}

// The whole-image normalised convolution: with the three boxes, or with
// the one kernel `taps` when given.
cv::Mat reference(const cv::Mat& bgr, const cv::Mat& alpha, double sigma, const std::vector<float>* taps = nullptr) {
  cv::Mat weighted(bgr.size(), CV_64FC4);
  for (int y = 0; y < bgr.rows; ++y) {
    for (int x = 0; x < bgr.cols; ++x) {
      const double w = std::max((255.0 - alpha.at<std::uint8_t>(y, x)) / 255.0, static_cast<double>(kFloor));
      const cv::Vec3b c = bgr.at<cv::Vec3b>(y, x);
      weighted.at<cv::Vec4d>(y, x) = cv::Vec4d(c[0] * w, c[1] * w, c[2] * w, w);
    }
  }
  if (taps != nullptr) {
    for (int axis : {1, 0}) weighted = kernel_pass(weighted, *taps, axis);
  } else if (sigma > 0) {
    const ExtendedBox box = extended_box_for(sigma);
    for (int axis : {1, 0}) {
      for (int pass = 0; pass < 3; ++pass) weighted = box_pass(weighted, box, axis);
    }
  }
  cv::Mat out(bgr.size(), CV_8UC3);
  for (int y = 0; y < bgr.rows; ++y) {
    for (int x = 0; x < bgr.cols; ++x) {
      const cv::Vec4d p = weighted.at<cv::Vec4d>(y, x);
      for (int k = 0; k < 3; ++k) out.at<cv::Vec3b>(y, x)[k] = cv::saturate_cast<std::uint8_t>(p[k] / p[3]);
    }
  }
  return out;
}

// A picture with edges and a person-shaped alpha (a soft disc).
void scene(cv::Size size, cv::Mat& bgr, cv::Mat& alpha) {
  cv::RNG rng(static_cast<std::uint64_t>(size.area()) + 7);
  bgr.create(size, CV_8UC3);
  rng.fill(bgr, cv::RNG::UNIFORM, 0, 256);
  cv::Mat soft;
  cv::GaussianBlur(bgr, soft, cv::Size(), 1.0);
  bgr = soft;
  alpha = cv::Mat::zeros(size, CV_8UC1);
  cv::circle(alpha, {size.width / 2, size.height / 3}, std::max(1, size.height / 3), cv::Scalar(255), cv::FILLED);
  cv::GaussianBlur(alpha, alpha, cv::Size(3, 3), 0);
}

TEST(WeightedBlur, IsTheThreeBoxesNormalisedConvolution) {
  const cv::Size sizes[] = {{83, 47}, {160, 90}, {1, 1}, {3, 2}, {2, 17}, {29, 5}};
  // One object across every size and sigma (the size changing alone, run to
  // run): set up again whenever either changes.
  WeightedBlur reused;
  for (double sigma : {0.0, 1.4, 2.65, 4.0}) {
    for (const cv::Size size : sizes) {
      cv::Mat bgr, alpha;
      scene(size, bgr, alpha);
      // The kernel the blur runs (the three boxes' faint tails left out).
      const std::vector<float> taps = without_faint_tails(three_box_taps(sigma), WeightedBlur::kFaintTap);
      const cv::Mat want = reference(bgr, alpha, sigma, &taps);
      cv::Mat got;
      WeightedBlur().run({&bgr, 1}, alpha, kFloor, sigma, {&got, 1});
      ASSERT_EQ(got.type(), CV_8UC3);
      ASSERT_EQ(got.size(), size);
      cv::Mat again;
      reused.run({&bgr, 1}, alpha, kFloor, sigma, {&again, 1});
      EXPECT_EQ(cv::norm(again, got, cv::NORM_INF), 0.0) << size << " sigma " << sigma;
      cv::Mat diff;
      cv::absdiff(got, want, diff);
      double worst = 0;
      cv::minMaxLoc(diff.reshape(1), nullptr, &worst);
      // Float sums in another order: a value at a rounding tie may land a
      // level off, nothing more, and rarely.
      EXPECT_LE(worst, 1.0) << size << " sigma " << sigma;
      EXPECT_LE(cv::countNonZero(diff.reshape(1)), std::max(1, size.area() * 3 / 100)) << size << " sigma " << sigma;
      // And the three whole boxes, tails and all: still within a level.
      cv::absdiff(got, reference(bgr, alpha, sigma), diff);
      cv::minMaxLoc(diff.reshape(1), nullptr, &worst);
      EXPECT_LE(worst, 1.0) << size << " sigma " << sigma;
    }
  }
}

// The same object at one size, the sigma changing alone run to run.
TEST(WeightedBlur, ASecondSigmaAtTheSameSizeIsItsOwnBlur) {
  cv::Mat bgr, alpha;
  scene({83, 47}, bgr, alpha);
  WeightedBlur reused;
  for (double sigma : {1.4, 4.0, 0.0, 2.65}) {
    cv::Mat fresh, again;
    WeightedBlur().run({&bgr, 1}, alpha, kFloor, sigma, {&fresh, 1});
    reused.run({&bgr, 1}, alpha, kFloor, sigma, {&again, 1});
    EXPECT_EQ(cv::norm(again, fresh, cv::NORM_INF), 0.0) << "sigma " << sigma;
  }
}

TEST(WeightedBlur, PlanesGiveWhatInterleavedPixelsGive) {
  cv::Mat bgr, alpha;
  scene({101, 57}, bgr, alpha);
  cv::Mat planes[3], out_planes[3], packed;
  cv::split(bgr, planes);
  WeightedBlur blur;  // one object, two runs: nothing carries over
  blur.run(planes, alpha, kFloor, 2.65, out_planes);
  blur.run({&bgr, 1}, alpha, kFloor, 2.65, {&packed, 1});
  cv::Mat merged;
  cv::merge(out_planes, 3, merged);
  EXPECT_EQ(cv::norm(merged, packed, cv::NORM_INF), 0.0);
}

// The point of the weighting: a bright person leaves no glow in the
// background around it, however close.
TEST(WeightedBlur, TheBackgroundNeverSeesThePerson) {
  cv::Mat bgr(90, 160, CV_8UC3, cv::Scalar(40, 60, 80));
  cv::Mat alpha = cv::Mat::zeros(bgr.size(), CV_8UC1);
  cv::rectangle(alpha, cv::Rect(60, 20, 40, 70), cv::Scalar(255), cv::FILLED);
  bgr.setTo(cv::Scalar(250, 250, 250), alpha);
  cv::Mat out;
  WeightedBlur().run({&bgr, 1}, alpha, kFloor, 2.65, {&out, 1});
  for (int y = 0; y < out.rows; ++y) {
    for (int x = 0; x < out.cols; ++x) {
      if (alpha.at<std::uint8_t>(y, x) != 0) continue;
      const cv::Vec3b p = out.at<cv::Vec3b>(y, x);
      ASSERT_LE(std::abs(p[0] - 40) + std::abs(p[1] - 60) + std::abs(p[2] - 80), 6) << x << "," << y;
    }
  }
}

TEST(WeightedBlur, RefusesToWriteOverItsInput) {
  cv::Mat bgr, alpha;
  scene({20, 10}, bgr, alpha);
  cv::Mat same = bgr;
  EXPECT_THROW(WeightedBlur().run({&bgr, 1}, alpha, kFloor, 2.0, {&same, 1}), cv::Exception);
}

}  // namespace
}  // namespace fakecam::compose
