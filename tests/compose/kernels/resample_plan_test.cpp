// SPDX-License-Identifier: GPL-3.0-or-later
// The one bilinear resampling plan (mask upsampling, edge refiner, blur,
// light wrap): resizing with it gives what cv::resize INTER_LINEAR gives,
// taps stay inside the source, and fixed-point weights round the exact ones.

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose {
namespace {

// A resize done with the plan alone, in double precision.
cv::Mat resize_with(const ResamplePlan& plan, const cv::Mat& src) {
  cv::Mat out(plan.dst, CV_32FC1);
  auto at = [&](int r, int c) { return static_cast<double>(src.at<float>(r, c)); };
  for (int y = 0; y < plan.dst.height; ++y) {
    const int r0 = plan.y.index[y];
    const int r1 = std::min(r0 + 1, plan.src.height - 1);
    const double wy = plan.y.weight[y];
    for (int x = 0; x < plan.dst.width; ++x) {
      const int c0 = plan.x.index[x];
      const int c1 = std::min(c0 + 1, plan.src.width - 1);
      const double wx = plan.x.weight[x];
      const double top = at(r0, c0) + (at(r0, c1) - at(r0, c0)) * wx;
      const double bottom = at(r1, c0) + (at(r1, c1) - at(r1, c0)) * wx;
      out.at<float>(y, x) = static_cast<float>(top + (bottom - top) * wy);
    }
  }
  return out;
}

TEST(ResamplePlan, AgreesWithOpenCvsBilinearResize) {
  cv::RNG rng(11);
  for (const auto& [src, dst] : std::vector<std::pair<cv::Size, cv::Size>>{{{256, 144}, {1280, 720}},
                                                                           {{256, 256}, {640, 480}},
                                                                           {{160, 90}, {1920, 1080}},
                                                                           {{7, 5}, {33, 17}},
                                                                           {{640, 360}, {320, 180}},
                                                                           {{33, 17}, {7, 5}},
                                                                           {{1, 1}, {8, 4}},
                                                                           {{64, 36}, {64, 36}}}) {
    cv::Mat image(src, CV_32FC1);
    rng.fill(image, cv::RNG::UNIFORM, 0.0, 1.0);
    cv::Mat want;
    cv::resize(image, want, dst, 0, 0, cv::INTER_LINEAR);
    const cv::Mat got = resize_with(ResamplePlan(src, dst), image);
    EXPECT_LT(cv::norm(got, want, cv::NORM_INF), 1e-3) << src << " -> " << dst;
  }
}

TEST(ResamplePlan, TapsStayInsideTheSource) {
  for (const auto& [src_len, dst_len] :
       std::vector<std::pair<int, int>>{{144, 720}, {720, 144}, {1, 9}, {9, 1}, {5, 5}}) {
    const ResampleAxis axis(src_len, dst_len, 256);
    ASSERT_EQ(axis.index.size(), static_cast<std::size_t>(dst_len));
    ASSERT_EQ(axis.weight.size(), static_cast<std::size_t>(dst_len));
    ASSERT_EQ(axis.fixed.size(), static_cast<std::size_t>(dst_len));
    for (int i = 0; i < dst_len; ++i) {
      EXPECT_GE(axis.index[i], 0);
      EXPECT_LT(axis.index[i], src_len);
      EXPECT_GE(axis.weight[i], 0.0f);
      EXPECT_LT(axis.weight[i], 1.0f);
      // The second sample is read only when it exists.
      if (axis.weight[i] > 0) {
        EXPECT_LT(axis.index[i] + 1, src_len) << i;
      }
      if (i > 0) {
        EXPECT_GE(axis.index[i], axis.index[i - 1]) << "nondecreasing";
      }
    }
  }
  // The same size: each output reads its own input.
  const ResampleAxis same(6, 6);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(same.index[i], i);
    EXPECT_EQ(same.weight[i], 0.0f);
  }
}

TEST(ResamplePlan, FixedPointWeightsRoundTheExactOnes) {
  // 2 -> 4: centres at -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
  const ResampleAxis axis(2, 4, 256);
  EXPECT_EQ(axis.index, (std::vector<int>{0, 0, 0, 1}));
  EXPECT_EQ(axis.weight, (std::vector<float>{0.0f, 0.25f, 0.75f, 0.0f}));
  EXPECT_EQ(axis.fixed, (std::vector<int>{0, 64, 192, 0}));
  // 3 -> 8 (scale 0.375): centres -0.3125, 0.0625, 0.4375, 0.8125, 1.1875, 1.5625, 1.9375, 2.3125.
  const ResampleAxis q11(3, 8, 2048);
  EXPECT_EQ(q11.index, (std::vector<int>{0, 0, 0, 0, 1, 1, 1, 2}));
  EXPECT_EQ(q11.fixed, (std::vector<int>{0, 128, 896, 1664, 384, 1152, 1920, 0}));
  EXPECT_TRUE(ResampleAxis(3, 8).fixed.empty()) << "only when asked for";
  // The plan gives the rows fixed-point weights, not the columns.
  const ResamplePlan plan({2, 2}, {4, 4}, 256);
  EXPECT_EQ(plan.y.fixed, axis.fixed);
  EXPECT_TRUE(plan.x.fixed.empty());
}

}  // namespace
}  // namespace fakecam::compose
