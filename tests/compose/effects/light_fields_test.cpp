// SPDX-License-Identifier: GPL-3.0-or-later
// The portrait light's arithmetic on its grid: the 2x2 mean that makes the
// grid and its coarse planes (light::shrink_by_2) against OpenCV's area
// resize, and the person's gain against its formula.

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

// shrink_by_2 (mean_2x2_row for each output row) against
// cv::resize(INTER_AREA), which does the same for an exact factor of 2: on a
// view (a plane inside wider rows) and on odd output widths.
void expect_shrink_matches_opencv(cv::Size size) {
  SCOPED_TRACE(testing::Message() << size.width << "x" << size.height);
  cv::RNG rng(size.area());
  cv::Mat wide(size.height, size.width + 4, CV_32F);
  rng.fill(wide, cv::RNG::UNIFORM, 0.0, 1.0);
  const cv::Mat plane = wide(cv::Rect(2, 0, size.width, size.height));
  cv::Mat expected, shrunk;
  cv::resize(plane, expected, cv::Size(size.width / 2, size.height / 2), 0, 0, cv::INTER_AREA);
  shrink_by_2(plane, shrunk);
  ASSERT_EQ(shrunk.size(), expected.size());
  ASSERT_EQ(shrunk.type(), CV_32FC1);
  double worst = 0;
  for (int r = 0; r < shrunk.rows; ++r) {
    for (int c = 0; c < shrunk.cols; ++c)
      worst = std::max(worst, static_cast<double>(std::abs(shrunk.at<float>(r, c) - expected.at<float>(r, c))));
  }
  EXPECT_LT(worst, 1e-6);  // values in [0, 1]: the order of the additions differs
}

TEST(ShrinkBy2, MatchesOpenCvsAreaResizeOnTheLightsGrid) { expect_shrink_matches_opencv({160, 90}); }

TEST(ShrinkBy2, MatchesOpenCvsAreaResizeOnOddAndSmallOutputs) {
  for (const cv::Size size : {cv::Size(2, 2), cv::Size(34, 6), cv::Size(18, 4), cv::Size(322, 2)}) {
    expect_shrink_matches_opencv(size);
  }
}

TEST(ShrinkBy2, RefusesOddSides) {
  cv::Mat out;
  EXPECT_THROW(shrink_by_2(cv::Mat::ones(8, 9, CV_32F), out), cv::Exception);
  EXPECT_THROW(shrink_by_2(cv::Mat::ones(7, 8, CV_32F), out), cv::Exception);
}

// SmallBlur against cv::sepFilter2D with the same taps and replicated
// borders (what cv::GaussianBlur runs): the light's two kernels, on its
// grid and coarse sizes and on planes narrower and shorter than the taps.
TEST(SmallBlur, MatchesOpenCvsSeparableFilter) {
  const cv::Mat gauss = cv::getGaussianKernel(17, 2.0, CV_32F);
  // (The light's two, and one of another length: the plain loops.)
  const std::vector<std::vector<float>> kernels = {{0.25f, 0.5f, 0.25f},
                                                   {gauss.ptr<float>(), gauss.ptr<float>() + gauss.total()},
                                                   {1 / 16.0f, 4 / 16.0f, 6 / 16.0f, 4 / 16.0f, 1 / 16.0f}};
  for (const auto& taps : kernels) {
    SmallBlur blur(taps);
    for (const cv::Size size : {cv::Size(160, 90), cv::Size(80, 45), cv::Size(5, 3), cv::Size(1, 1), cv::Size(33, 7)}) {
      SCOPED_TRACE(testing::Message() << taps.size() << " taps, " << size.width << "x" << size.height);
      cv::RNG rng(size.area());
      cv::Mat wide(size.height, size.width + 3, CV_32F);
      rng.fill(wide, cv::RNG::UNIFORM, 0.0, 1.0);
      const cv::Mat plane = wide(cv::Rect(1, 0, size.width, size.height));  // a view, as the light's rows may be
      const cv::Mat kernel(taps, true);
      cv::Mat expected, ours;
      cv::sepFilter2D(plane, expected, CV_32F, kernel, kernel, cv::Point(-1, -1), 0,
                      cv::BORDER_REPLICATE | cv::BORDER_ISOLATED);
      blur.run(plane, ours);
      ASSERT_EQ(ours.size(), size);
      EXPECT_LT(cv::norm(ours, expected, cv::NORM_INF), 1e-6);
    }
  }
}

TEST(SmallBlur, RefusesAnEvenKernelAndWritingOverItsInput) {
  EXPECT_THROW(SmallBlur({0.5f, 0.5f}), cv::Exception);
  SmallBlur blur({0.25f, 0.5f, 0.25f});
  cv::Mat plane = cv::Mat::ones(4, 4, CV_32F);
  EXPECT_THROW(blur.run(plane, plane), cv::Exception);
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
  std::array<std::vector<float>, 8> planes;  // ya, w, ya_near, w_near, yb, wb, base, y
  for (auto& p : planes) p.resize(n);
  auto& [ya, w, ya_near, w_near, yb, wb, base, y] = planes;
  for (int i = 0; i < n; ++i) {
    const float a = rng.uniform(0.0f, 1.0f);
    w[i] = std::pow(a, 16.0f);
    // The ratio's person reaches further: another weight, another luma.
    w_near[i] = std::pow(std::min(1.0f, a + rng.uniform(0.0f, 0.2f)), 16.0f);
    wb[i] = std::pow(1.0f - a, 16.0f);
    y[i] = rng.uniform(1.0f / 512, 1.0f);
    ya[i] = w[i] * rng.uniform(1.0f / 512, 1.0f);
    ya_near[i] = w_near[i] * rng.uniform(1.0f / 512, 1.0f);
    yb[i] = wb[i] * rng.uniform(1.0f / 512, 1.0f);
    base[i] = rng.uniform(1.0f / 512, 1.0f);
  }
  for (const auto& [k_base, k_yp] : {std::pair{-0.66f, 0.25f}, std::pair{-0.91f, 0.5f}}) {
    const float dim_q9 = 400;
    std::vector<float> gain(n), q9(n), ratio(n);
    gain_row_low({ya.data(), w.data(), ya_near.data(), w_near.data(), yb.data(), wb.data(), base.data(), y.data()},
                 k_base, k_yp, dim_q9, gain.data(), q9.data(), ratio.data(), n);
    for (int i = 0; i < n; ++i) {
      const double person = (ya[i] + floor * base[i]) / (w[i] + floor);
      const double person_near = (ya_near[i] + floor * base[i]) / (w_near[i] + floor);
      const double background = (yb[i] + floor * y[i]) / (wb[i] + floor);
      const double r = std::clamp(person_near / background, 1.0 / 16, 16.0);
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
