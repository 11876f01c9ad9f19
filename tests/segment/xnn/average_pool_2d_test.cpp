// SPDX-License-Identifier: GPL-3.0-or-later
// AVERAGE_POOL_2D on XNNPACK against hand-worked results: SAME padding is
// left out of the average (TFLite counts only real pixels), the odd padding
// goes after, VALID, strides, and the whole-input window that is mapped onto
// XNNPACK's global average pooling.

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::iota;
using test::TinyGraph;

// Input 1x3x3x2 = 1..18 in NHWC order:
//   channel 0: 1 3 5 / 7 9 11 / 13 15 17     channel 1 = channel 0 + 1
std::vector<float> pool(const AveragePool2D& params, const Shape& out_shape) {
  TinyGraph g;
  const int in = g.input({1, 3, 3, 2});
  const int out = g.op(params, {in}, out_shape);
  return test::run(std::move(g).finish(out), iota(18));
}

TEST(AveragePool2D, SameStride1CountsOnlyRealPixels) {
  // 2x2 window, padding 1 after: the last row/column average fewer pixels.
  const auto out = pool(AveragePool2D{.padding = Padding::same, .filter_h = 2, .filter_w = 2}, {1, 3, 3, 2});
  test::expect_near_all(
      out, {
               (1 + 3 + 7 + 9) / 4.0f, (2 + 4 + 8 + 10) / 4.0f,      // (0,0)
               (3 + 5 + 9 + 11) / 4.0f, (4 + 6 + 10 + 12) / 4.0f,    // (0,1)
               (5 + 11) / 2.0f, (6 + 12) / 2.0f,                     // (0,2): column 2 only
               (7 + 9 + 13 + 15) / 4.0f, (8 + 10 + 14 + 16) / 4.0f,  // (1,0)
               (9 + 11 + 15 + 17) / 4.0f, (10 + 12 + 16 + 18) / 4.0f, (11 + 17) / 2.0f, (12 + 18) / 2.0f,  // (1,2)
               (13 + 15) / 2.0f, (14 + 16) / 2.0f,  // (2,0): row 2 only
               (15 + 17) / 2.0f, (16 + 18) / 2.0f,  // (2,1)
               17, 18,                              // (2,2): one pixel
           });
}

TEST(AveragePool2D, SameStride2) {
  // 2x2 window, stride 2: output 2x2, total padding (2-1)*2 + 2 - 3 = 1, after.
  const auto out =
      pool(AveragePool2D{.padding = Padding::same, .filter_h = 2, .filter_w = 2, .stride_h = 2, .stride_w = 2},
           {1, 2, 2, 2});
  test::expect_near_all(out, {5, 6, (5 + 11) / 2.0f, (6 + 12) / 2.0f, (13 + 15) / 2.0f, (14 + 16) / 2.0f, 17, 18});
}

TEST(AveragePool2D, ValidStride1) {
  const auto out = pool(AveragePool2D{.padding = Padding::valid, .filter_h = 2, .filter_w = 2}, {1, 2, 2, 2});
  test::expect_near_all(out, {5, 6, 7, 8, 11, 12, 13, 14});
}

TEST(AveragePool2D, ValidRectangularWindowAndStrides) {
  // 1x3 window (a whole row), stride_h 2: rows 0 and 2.
  const auto out =
      pool(AveragePool2D{.padding = Padding::valid, .filter_h = 1, .filter_w = 3, .stride_h = 2, .stride_w = 1},
           {1, 2, 1, 2});
  test::expect_near_all(out, {3, 4, 15, 16});
}

TEST(AveragePool2D, WholeInputWindowIsTheGlobalMean) {
  // VALID with the window = the input: the general model's squeeze-excite pool.
  // Channel 0: (1+3+...+17)/9 = 81/9 = 9; channel 1: 90/9 = 10.
  const auto out = pool(AveragePool2D{.padding = Padding::valid, .filter_h = 3, .filter_w = 3}, {1, 1, 1, 2});
  test::expect_near_all(out, {9, 10});
}

TEST(AveragePool2D, WholeInputWindowWithSamePaddingIsNotGlobal) {
  // Same 3x3 window but SAME: output 3x3, each pixel the mean of its clipped
  // neighbourhood. (0,0) averages rows/cols 0-1, (1,1) all nine pixels.
  const auto out = pool(AveragePool2D{.padding = Padding::same, .filter_h = 3, .filter_w = 3}, {1, 3, 3, 2});
  ASSERT_EQ(out.size(), 18u);
  EXPECT_NEAR(out[0], (1 + 3 + 7 + 9) / 4.0f, test::kTolerance);
  EXPECT_NEAR(out[2], (1 + 3 + 5 + 7 + 9 + 11) / 6.0f, test::kTolerance);
  EXPECT_NEAR(out[8], 9, test::kTolerance);
  EXPECT_NEAR(out[9], 10, test::kTolerance);
  EXPECT_NEAR(out[17], (10 + 12 + 16 + 18) / 4.0f, test::kTolerance);
}

}  // namespace
}  // namespace fakecam::segment
