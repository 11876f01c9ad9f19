// SPDX-License-Identifier: GPL-3.0-or-later
// ADD on XNNPACK: same-shape operands and NumPy broadcasting. The runtime has
// one external input, so the second operand is derived from it inside the
// graph (RELU(x), MEAN(x)) and the expected sums worked out by hand.

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::TinyGraph;

TEST(Add, SameShapeOperands) {
  // x + RELU(x): negatives stay, positives double.
  TinyGraph g;
  const int in = g.input({1, 2, 2, 2});
  const int relu = g.op(Relu{}, {in}, {1, 2, 2, 2});
  const int out = g.op(Add{}, {in, relu}, {1, 2, 2, 2});
  test::expect_near_all(test::run(std::move(g).finish(out), {-3, -0.5f, 0, 0.25f, 1, 2, -7, 10}),
                        {-3, -0.5f, 0, 0.5f, 2, 4, -7, 20});
}

// Input 1x3x3x2 = 1..18: channel 0 = 1, 3, ..., 17 (mean 9), channel 1 = 2, 4, ..., 18 (mean 10).
TEST(Add, BroadcastsPerChannelValueOverPixels) {
  TinyGraph g;
  const int in = g.input({1, 3, 3, 2});
  const int mean = g.op(MeanHW{.keep_dims = true}, {in}, {1, 1, 1, 2});
  const int out = g.op(Add{}, {in, mean}, {1, 3, 3, 2});
  std::vector<float> expected;
  for (int i = 1; i <= 18; i += 2) {
    expected.push_back(static_cast<float>(i) + 9);
    expected.push_back(static_cast<float>(i + 1) + 10);
  }
  test::expect_near_all(test::run(std::move(g).finish(out), test::iota(18)), expected);
}

TEST(Add, BroadcastsTheSmallOperandFirstAndLowerRank) {
  // [1,2] + [1,3,3,2]: operands swapped and of different rank.
  TinyGraph g;
  const int in = g.input({1, 3, 3, 2});
  const int mean = g.op(MeanHW{.keep_dims = false}, {in}, {1, 2});
  const int out = g.op(Add{}, {mean, in}, {1, 3, 3, 2});
  std::vector<float> expected;
  for (int i = 1; i <= 18; i += 2) {
    expected.push_back(9 + static_cast<float>(i));
    expected.push_back(10 + static_cast<float>(i + 1));
  }
  test::expect_near_all(test::run(std::move(g).finish(out), test::iota(18)), expected);
}

}  // namespace
}  // namespace fakecam::segment
