// SPDX-License-Identifier: GPL-3.0-or-later
// The portrait light's fine blur (light::FineBlur), one row at a time over
// four planes, against OpenCV's GaussianBlur(5x5, sigma 1, replicated
// borders), which it replaced: on a guide-sized frame and on frames smaller
// than its five taps. Its 4x4 shrink (light::shrink_by_4) against OpenCV's
// area resize alike.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "compose/effects/light_fields.hpp"

namespace fakecam::compose::light {
namespace {

// A plane as FineBlur reads it: two replicated columns on each side.
cv::Mat padded(const cv::Mat& plane) {
  cv::Mat out(plane.rows, plane.cols + 4, CV_32F);
  for (int r = 0; r < plane.rows; ++r) {
    std::copy_n(plane.ptr<float>(r), plane.cols, out.ptr<float>(r) + 2);
    FineBlur::pad_row(out.ptr<float>(r), plane.cols);
  }
  return out;
}

void expect_matches_opencv(cv::Size size) {
  SCOPED_TRACE(testing::Message() << size.width << "x" << size.height);
  cv::RNG rng(size.area());
  std::array<cv::Mat, FineBlur::kPlanes> planes, padded_planes, expected;
  for (std::size_t p = 0; p < planes.size(); ++p) {
    planes[p].create(size, CV_32F);
    rng.fill(planes[p], cv::RNG::UNIFORM, 0.0, 1.0);
    padded_planes[p] = padded(planes[p]);
    cv::GaussianBlur(planes[p], expected[p], cv::Size(5, 5), 1.0, 1.0, cv::BORDER_REPLICATE);
  }
  FineBlur blur;
  blur.start({&padded_planes[0], &padded_planes[1], &padded_planes[2], &padded_planes[3]}, size.width);
  double worst = 0;
  for (int r = 0; r < size.height; ++r) {
    const auto rows = blur.row(r);
    for (std::size_t p = 0; p < planes.size(); ++p) {
      for (int c = 0; c < size.width; ++c)
        worst = std::max(worst, static_cast<double>(std::abs(rows[p][c] - expected[p].at<float>(r, c))));
    }
  }
  // Values in [0, 1]: only the order of the float additions differs.
  EXPECT_LT(worst, 1e-6);
}

TEST(FineBlur, MatchesOpenCvsGaussianOnAGuideSizedFrame) { expect_matches_opencv({320, 180}); }

TEST(FineBlur, MatchesOpenCvsGaussianOnFramesSmallerThanItsTaps) {
  for (const cv::Size size : {cv::Size(1, 1), cv::Size(3, 2), cv::Size(2, 5), cv::Size(17, 4), cv::Size(9, 6)}) {
    expect_matches_opencv(size);
  }
}

TEST(FineBlur, RefusesRowsOutOfOrder) {
  const cv::Mat plane = padded(cv::Mat::ones(8, 8, CV_32F));
  FineBlur blur;
  blur.start({&plane, &plane, &plane, &plane}, 8);
  EXPECT_NO_THROW(blur.row(0));
  EXPECT_THROW(blur.row(2), cv::Exception);
}

TEST(FineBlur, RefusesAPlaneWithoutItsBorderColumns) {
  const cv::Mat plane = cv::Mat::ones(8, 8, CV_32F);
  FineBlur blur;
  EXPECT_THROW(blur.start({&plane, &plane, &plane, &plane}, 8), cv::Exception);
}

// shrink_by_4 against cv::resize(INTER_AREA), which it replaced, on a view
// (the light's planes carry border columns) and on widths with a tail past
// its 8-output blocks.
void expect_shrink_matches_opencv(cv::Size size) {
  SCOPED_TRACE(testing::Message() << size.width << "x" << size.height);
  cv::RNG rng(size.area());
  cv::Mat wide(size.height, size.width + 4, CV_32F);
  rng.fill(wide, cv::RNG::UNIFORM, 0.0, 1.0);
  const cv::Mat plane = wide(cv::Rect(2, 0, size.width, size.height));
  cv::Mat expected, shrunk;
  cv::resize(plane, expected, cv::Size(size.width / 4, size.height / 4), 0, 0, cv::INTER_AREA);
  shrink_by_4(plane, shrunk);
  ASSERT_EQ(shrunk.size(), expected.size());
  ASSERT_EQ(shrunk.type(), CV_32FC1);
  double worst = 0;
  for (int r = 0; r < shrunk.rows; ++r) {
    for (int c = 0; c < shrunk.cols; ++c)
      worst = std::max(worst, static_cast<double>(std::abs(shrunk.at<float>(r, c) - expected.at<float>(r, c))));
  }
  EXPECT_LT(worst, 1e-6);  // values in [0, 1]: the order of the additions differs
}

TEST(ShrinkBy4, MatchesOpenCvsAreaResizeOnAGuideSizedView) { expect_shrink_matches_opencv({320, 180}); }

TEST(ShrinkBy4, MatchesOpenCvsAreaResizeWithATailOfColumns) {
  for (const cv::Size size : {cv::Size(4, 4), cv::Size(36, 8), cv::Size(60, 12), cv::Size(64, 4)}) {
    expect_shrink_matches_opencv(size);
  }
}

TEST(ShrinkBy4, RefusesSidesThatAreNotMultiplesOf4) {
  cv::Mat out;
  EXPECT_THROW(shrink_by_4(cv::Mat::ones(8, 10, CV_32F), out), cv::Exception);
  EXPECT_THROW(shrink_by_4(cv::Mat::ones(6, 8, CV_32F), out), cv::Exception);
}

// gain_row_low against its formula in double precision (std::log, std::exp,
// plain divisions): its own logarithm, exponential and shared divisions are
// within float rounding of it. Weighted planes as weights_row makes them
// (ya = luma w), from pure background to pure person; 333 pixels, a tail
// past any vector width.
TEST(GainRowLow, MatchesItsFormulaInDoublePrecision) {
  constexpr int n = 333;
  constexpr double floor = 1e-3;  // light_fields.cpp's kWeightFloor
  cv::RNG rng(13);
  std::array<std::vector<float>, 6> planes;  // ya, w, yb, wb, base, y
  for (auto& p : planes) p.resize(n);
  auto& [ya, w, yb, wb, base, y] = planes;
  for (int i = 0; i < n; ++i) {
    const float a = rng.uniform(0.0f, 1.0f);
    w[i] = std::pow(a, 16.0f);
    wb[i] = std::pow(1.0f - a, 16.0f);
    y[i] = rng.uniform(1.0f / 512, 1.0f);
    ya[i] = w[i] * rng.uniform(1.0f / 512, 1.0f);
    yb[i] = wb[i] * rng.uniform(1.0f / 512, 1.0f);
    base[i] = rng.uniform(1.0f / 512, 1.0f);
  }
  for (const auto& [k_base, k_yp] : {std::pair{-0.66f, 0.25f}, std::pair{-0.91f, 0.5f}}) {
    const float dim_q9 = 400;
    std::vector<float> gain(n), q9(n), ratio(n);
    gain_row_low({ya.data(), w.data(), yb.data(), wb.data(), base.data(), y.data()}, k_base, k_yp, dim_q9, gain.data(),
                 q9.data(), ratio.data(), n);
    for (int i = 0; i < n; ++i) {
      const double person = (ya[i] + floor * base[i]) / (w[i] + floor);
      const double background = (yb[i] + floor * y[i]) / (wb[i] + floor);
      const double r = std::clamp(person / background, 1.0 / 16, 16.0);
      const double x = k_base * std::log(static_cast<double>(base[i])) + k_yp * std::log(person);
      const double g = std::exp(std::clamp(x, std::log(0.25), std::log(4.0)));
      SCOPED_TRACE(testing::Message() << "pixel " << i << ", k " << k_base << " " << k_yp);
      EXPECT_NEAR(ratio[i], r, 2e-6 * r);
      EXPECT_NEAR(gain[i], g, 1e-5 * g);
      EXPECT_NEAR(q9[i], g * 512 - dim_q9, 1e-5 * g * 512);
    }
  }
}

}  // namespace
}  // namespace fakecam::compose::light
