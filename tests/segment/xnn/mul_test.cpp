// SPDX-License-Identifier: GPL-3.0-or-later
// MUL on XNNPACK: same-shape operands and the squeeze-excite broadcast
// [1,H,W,C] * [1,1,1,C]. The second operand is derived from the single input
// inside the graph (x itself, MEAN(x)).

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::TinyGraph;

TEST(Mul, SameShapeOperands) {
  // x * x.
  TinyGraph g;
  const int in = g.input({1, 2, 2, 2});
  const int out = g.op(Mul{}, {in, in}, {1, 2, 2, 2});
  test::expect_near_all(test::run(std::move(g).finish(out), {-3, -0.5f, 0, 0.25f, 1, 2, -7, 10}),
                        {9, 0.25f, 0, 0.0625f, 1, 4, 49, 100});
}

// Input 1x3x3x2 = 1..18: channel 0 = 1, 3, ..., 17 (mean 9), channel 1 = 2, 4, ..., 18 (mean 10).
std::vector<float> scaled_by_channel_means() {
  std::vector<float> expected;
  for (int i = 1; i <= 18; i += 2) {
    expected.push_back(static_cast<float>(i) * 9);
    expected.push_back(static_cast<float>(i + 1) * 10);
  }
  return expected;
}

TEST(Mul, BroadcastsOneByOneByCOverPixels) {
  // [1,3,3,2] * [1,1,1,2]: every pixel's channel c times channel c's mean.
  TinyGraph g;
  const int in = g.input({1, 3, 3, 2});
  const int mean = g.op(MeanHW{.keep_dims = true}, {in}, {1, 1, 1, 2});
  const int out = g.op(Mul{}, {in, mean}, {1, 3, 3, 2});
  test::expect_near_all(test::run(std::move(g).finish(out), test::iota(18)), scaled_by_channel_means());
}

TEST(Mul, BroadcastsWithTheSmallOperandFirst) {
  TinyGraph g;
  const int in = g.input({1, 3, 3, 2});
  const int mean = g.op(MeanHW{.keep_dims = true}, {in}, {1, 1, 1, 2});
  const int out = g.op(Mul{}, {mean, in}, {1, 3, 3, 2});
  test::expect_near_all(test::run(std::move(g).finish(out), test::iota(18)), scaled_by_channel_means());
}

TEST(Mul, BroadcastsOverARow) {
  // [1,3,3,2] * [1,1,3,2]: each column's mean (a 3x1 average pool) multiplies
  // that column in every row. Column means of channel 0:
  // (1+7+13)/3 = 7, (3+9+15)/3 = 9, (5+11+17)/3 = 11; channel 1: 8, 10, 12.
  TinyGraph g;
  const int in = g.input({1, 3, 3, 2});
  const int cols = g.op(AveragePool2D{.padding = Padding::valid, .filter_h = 3, .filter_w = 1}, {in}, {1, 1, 3, 2});
  const int out = g.op(Mul{}, {in, cols}, {1, 3, 3, 2});
  std::vector<float> expected;
  const float col_mean[3][2] = {{7, 8}, {9, 10}, {11, 12}};
  for (int h = 0; h < 3; ++h) {
    for (int w = 0; w < 3; ++w) {
      for (int c = 0; c < 2; ++c) {
        expected.push_back(static_cast<float>(1 + (h * 3 + w) * 2 + c) * col_mean[w][c]);
      }
    }
  }
  test::expect_near_all(test::run(std::move(g).finish(out), test::iota(18)), expected);
}

}  // namespace
}  // namespace fakecam::segment
