// SPDX-License-Identifier: GPL-3.0-or-later
// MEAN over height and width (the landscape model's squeeze-excite) on
// XNNPACK's global average pooling, with and without keep_dims.

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::TinyGraph;

// Input 1x2x3x2: channel 0 = 1 2 3 / 4 5 6 (mean 21/6 = 3.5),
// channel 1 = -6 0 6 / 12 0 -0.5 (mean 11.5/6).
const std::vector<float> kInput = {1, -6, 2, 0, 3, 6, 4, 12, 5, 0, 6, -0.5f};

TEST(Mean, KeepDimsGivesOneByOnePerChannel) {
  TinyGraph g;
  const int in = g.input({1, 2, 3, 2});
  const int out = g.op(MeanHW{.keep_dims = true}, {in}, {1, 1, 1, 2});
  test::expect_near_all(test::run(std::move(g).finish(out), kInput), {3.5f, 11.5f / 6});
}

TEST(Mean, WithoutKeepDimsGivesNByC) {
  TinyGraph g;
  const int in = g.input({1, 2, 3, 2});
  const int out = g.op(MeanHW{.keep_dims = false}, {in}, {1, 2});
  test::expect_near_all(test::run(std::move(g).finish(out), kInput), {3.5f, 11.5f / 6});
}

TEST(Mean, ResultFeedsABroadcastOperand) {
  // As in squeeze-excite: the [1,2] mean (no keep_dims) multiplies every pixel.
  TinyGraph g;
  const int in = g.input({1, 2, 3, 2});
  const int mean = g.op(MeanHW{.keep_dims = false}, {in}, {1, 2});
  const int out = g.op(Mul{}, {in, mean}, {1, 2, 3, 2});
  const float m0 = 3.5f, m1 = 11.5f / 6;
  test::expect_near_all(test::run(std::move(g).finish(out), kInput),
                        {1 * m0, -6 * m1, 2 * m0, 0, 3 * m0, 6 * m1, 4 * m0, 12 * m1, 5 * m0, 0, 6 * m0, -0.5f * m1});
}

}  // namespace
}  // namespace fakecam::segment
