// SPDX-License-Identifier: GPL-3.0-or-later
// DEPTHWISE_CONV_2D on XNNPACK against hand-worked results: filter
// [1,KH,KW,I*M] with output channel i*M + m, SAME/VALID padding and strides.

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::iota;
using test::TinyGraph;

std::vector<float> depthwise(const Shape& in_shape, const std::vector<float>& input, const Shape& filter_shape,
                             const std::vector<float>& filter, const std::vector<float>& bias,
                             const DepthwiseConv2D& params, const Shape& out_shape) {
  TinyGraph g;
  const int in = g.input(in_shape);
  const int w = g.constant(filter_shape, filter);
  const int b = g.constant({filter_shape[3]}, bias);
  const int out = g.op(params, {in, w, b}, out_shape);
  return test::run(std::move(g).finish(out), input);
}

TEST(DepthwiseConv2D, DepthMultiplier2OrdersOutputsByInputChannel) {
  // Input 1x3x3x2 = 1..18 in NHWC order:
  //   channel 0: 1 3 5 / 7 9 11 / 13 15 17     channel 1: 2 4 6 / 8 10 12 / 14 16 18
  // Output channel i*2 + m:
  //   0 (i=0,m=0): 3x3 box sum of channel 0
  //   1 (i=0,m=1): centre tap of channel 0, + 100
  //   2 (i=1,m=0): top-left neighbour of channel 1 (0 outside)
  //   3 (i=1,m=1): 0.5 * 3x3 box sum of channel 1, - 10
  std::vector<float> filter(3 * 3 * 4, 0.0f);
  auto at = [&](int ky, int kx, int oc) -> float& { return filter[static_cast<std::size_t>((ky * 3 + kx) * 4 + oc)]; };
  for (int ky = 0; ky < 3; ++ky) {
    for (int kx = 0; kx < 3; ++kx) {
      at(ky, kx, 0) = 1.0f;
      at(ky, kx, 3) = 0.5f;
    }
  }
  at(1, 1, 1) = 1.0f;
  at(0, 0, 2) = 1.0f;
  const auto out = depthwise({1, 3, 3, 2}, iota(18), {1, 3, 3, 4}, filter, {0.0f, 100.0f, 0.0f, -10.0f},
                             DepthwiseConv2D{.padding = Padding::same, .depth_multiplier = 2}, {1, 3, 3, 4});
  // Box sums of channel 1 are those of channel 0 plus the window's pixel count
  // (4 at corners, 6 at edges, 9 in the middle).
  test::expect_near_all(out, {
                                 20, 101, 0,  0.5f * 24 - 10,  // (0,0)
                                 36, 103, 0,  0.5f * 42 - 10,  // (0,1)
                                 28, 105, 0,  0.5f * 32 - 10,  // (0,2)
                                 48, 107, 0,  0.5f * 54 - 10,  // (1,0)
                                 81, 109, 2,  0.5f * 90 - 10,  // (1,1): top-left is (0,0) of channel 1 = 2
                                 60, 111, 4,  0.5f * 66 - 10,  // (1,2): (0,1) = 4
                                 44, 113, 0,  0.5f * 48 - 10,  // (2,0)
                                 72, 115, 8,  0.5f * 78 - 10,  // (2,1): (1,0) = 8
                                 52, 117, 10, 0.5f * 56 - 10,  // (2,2): (1,1) = 10
                             });
}

TEST(DepthwiseConv2D, SameStride2PutsTheOddPaddingAfter) {
  // Two channels: channel 0 = 1..16 (4x4), channel 1 = its negation; 3x3 box
  // filter, stride 2. Total padding 1 per axis, after (see conv_2d_test).
  std::vector<float> input;
  for (float v : iota(16)) {
    input.push_back(v);
    input.push_back(-v);
  }
  const auto out = depthwise({1, 4, 4, 2}, input, {1, 3, 3, 2}, std::vector<float>(18, 1.0f), {0.0f, 0.0f},
                             DepthwiseConv2D{.padding = Padding::same, .stride_h = 2, .stride_w = 2}, {1, 2, 2, 2});
  test::expect_near_all(out, {54, -54, 45, -45, 72, -72, 54, -54});
}

TEST(DepthwiseConv2D, ValidStride2) {
  // 5x5 input 1..25, 3x3 filter that only reads the bottom-right tap, VALID,
  // stride 2: windows start at rows/cols 0 and 2, so the taps are at 2 and 4.
  std::vector<float> filter(9, 0.0f);
  filter[8] = 3.0f;
  const auto out = depthwise({1, 5, 5, 1}, iota(25), {1, 3, 3, 1}, filter, {0.25f},
                             DepthwiseConv2D{.padding = Padding::valid, .stride_h = 2, .stride_w = 2}, {1, 2, 2, 1});
  // in(2,2) = 13, in(2,4) = 15, in(4,2) = 23, in(4,4) = 25
  test::expect_near_all(out, {3 * 13 + 0.25f, 3 * 15 + 0.25f, 3 * 23 + 0.25f, 3 * 25 + 0.25f});
}

}  // namespace
}  // namespace fakecam::segment
