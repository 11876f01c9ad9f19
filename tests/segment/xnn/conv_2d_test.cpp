// SPDX-License-Identifier: GPL-3.0-or-later
// CONV_2D on XNNPACK against hand-worked results: filter layout [O,KH,KW,I],
// bias, SAME padding (TFLite puts the odd padding row/column after), VALID
// padding, strides and dilation.

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::iota;
using test::TinyGraph;

// out[n,h,w,o] of a single-op graph: input -> CONV_2D(filter, bias) -> output.
std::vector<float> conv(const Shape& in_shape, const std::vector<float>& input, const Shape& filter_shape,
                        const std::vector<float>& filter, const std::vector<float>& bias, const Conv2D& params,
                        const Shape& out_shape) {
  TinyGraph g;
  const int in = g.input(in_shape);
  const int w = g.constant(filter_shape, filter);
  const int b = g.constant({filter_shape[0]}, bias);
  const int out = g.op(params, {in, w, b}, out_shape);
  return test::run(std::move(g).finish(out), input);
}

TEST(Conv2D, SameStride1TwoInAndTwoOutChannels) {
  // Input 1x3x3x2 = 1..18 in NHWC order:
  //   channel 0: 1 3 5 / 7 9 11 / 13 15 17     channel 1: 2 4 6 / 8 10 12 / 14 16 18
  // Output channel 0: 3x3 box sum of input channel 0 (zeros outside) + 0.5.
  // Output channel 1: 2 * centre of channel 1 - top-left neighbour of channel 0 - 1.
  std::vector<float> filter(2 * 3 * 3 * 2, 0.0f);
  auto at = [&](int o, int ky, int kx, int i) -> float& {
    return filter[static_cast<std::size_t>(((o * 3 + ky) * 3 + kx) * 2 + i)];
  };
  for (int ky = 0; ky < 3; ++ky) {
    for (int kx = 0; kx < 3; ++kx) at(0, ky, kx, 0) = 1.0f;
  }
  at(1, 1, 1, 1) = 2.0f;
  at(1, 0, 0, 0) = -1.0f;
  const auto out =
      conv({1, 3, 3, 2}, iota(18), {2, 3, 3, 2}, filter, {0.5f, -1.0f}, Conv2D{.padding = Padding::same}, {1, 3, 3, 2});
  test::expect_near_all(out, {
                                 // (0,0): 1+3+7+9 = 20         | 2*2 - 0 - 1
                                 20.5f,
                                 3.0f,
                                 // (0,1): 1+3+5+7+9+11 = 36    | 2*4 - 0 - 1
                                 36.5f,
                                 7.0f,
                                 // (0,2): 3+5+9+11 = 28        | 2*6 - 0 - 1
                                 28.5f,
                                 11.0f,
                                 // (1,0): 1+3+7+9+13+15 = 48   | 2*8 - 0 - 1
                                 48.5f,
                                 15.0f,
                                 // (1,1): all nine = 81        | 2*10 - 1 - 1
                                 81.5f,
                                 18.0f,
                                 // (1,2): 3+5+9+11+15+17 = 60  | 2*12 - 3 - 1
                                 60.5f,
                                 20.0f,
                                 // (2,0): 7+9+13+15 = 44       | 2*14 - 0 - 1
                                 44.5f,
                                 27.0f,
                                 // (2,1): 7+9+11+13+15+17 = 72 | 2*16 - 7 - 1
                                 72.5f,
                                 24.0f,
                                 // (2,2): 9+11+15+17 = 52      | 2*18 - 9 - 1
                                 52.5f,
                                 26.0f,
                             });
}

TEST(Conv2D, SameStride2PutsTheOddPaddingAfter) {
  // 4x4 input 1..16, 3x3 box filter, stride 2: output 2x2, total padding
  // (2-1)*2 + 3 - 4 = 1 per axis, all of it after (bottom/right):
  //    1  2  3  4
  //    5  6  7  8
  //    9 10 11 12
  //   13 14 15 16
  const auto out = conv({1, 4, 4, 1}, iota(16), {1, 3, 3, 1}, std::vector<float>(9, 1.0f), {0.0f},
                        Conv2D{.padding = Padding::same, .stride_h = 2, .stride_w = 2}, {1, 2, 2, 1});
  test::expect_near_all(out, {
                                 1 + 2 + 3 + 5 + 6 + 7 + 9 + 10 + 11,  // rows 0-2, cols 0-2 = 54
                                 3 + 4 + 7 + 8 + 11 + 12,              // rows 0-2, cols 2-3 = 45
                                 9 + 10 + 11 + 13 + 14 + 15,           // rows 2-3, cols 0-2 = 72
                                 11 + 12 + 15 + 16,                    // rows 2-3, cols 2-3 = 54
                             });
}

TEST(Conv2D, ValidStride2) {
  // 5x5 input 1..25, 3x3 box filter, VALID, stride 2: windows at rows/cols 0 and 2.
  const auto out = conv({1, 5, 5, 1}, iota(25), {1, 3, 3, 1}, std::vector<float>(9, 1.0f), {1.0f},
                        Conv2D{.padding = Padding::valid, .stride_h = 2, .stride_w = 2}, {1, 2, 2, 1});
  test::expect_near_all(out, {
                                 1 + (1 + 2 + 3 + 6 + 7 + 8 + 11 + 12 + 13),
                                 1 + (3 + 4 + 5 + 8 + 9 + 10 + 13 + 14 + 15),
                                 1 + (11 + 12 + 13 + 16 + 17 + 18 + 21 + 22 + 23),
                                 1 + (13 + 14 + 15 + 18 + 19 + 20 + 23 + 24 + 25),
                             });
}

TEST(Conv2D, DifferentStridesPerAxis) {
  // 3x4 input 1..12, 1x2 filter [1, 10], VALID; stride_h 2 picks rows 0 and
  // 2, stride_w 1 every pair of neighbouring columns:
  //   1  2  3  4
  //   5  6  7  8
  //   9 10 11 12
  const auto out = conv({1, 3, 4, 1}, iota(12), {1, 1, 2, 1}, {1.0f, 10.0f}, {0.0f},
                        Conv2D{.padding = Padding::valid, .stride_h = 2, .stride_w = 1}, {1, 2, 3, 1});
  test::expect_near_all(out, {1 + 20, 2 + 30, 3 + 40, 9 + 100, 10 + 110, 11 + 120});
}

TEST(Conv2D, DilationSkipsInputRows) {
  // 5x5 input 1..25, 3x3 box filter with dilation 2 reads rows/cols 0, 2, 4.
  const auto valid = conv({1, 5, 5, 1}, iota(25), {1, 3, 3, 1}, std::vector<float>(9, 1.0f), {0.0f},
                          Conv2D{.padding = Padding::valid, .dilation_h = 2, .dilation_w = 2}, {1, 1, 1, 1});
  test::expect_near_all(valid, {1 + 3 + 5 + 11 + 13 + 15 + 21 + 23 + 25});
  // SAME: the dilated window is 5 wide, padded 2 before and 2 after.
  const auto same = conv({1, 5, 5, 1}, iota(25), {1, 3, 3, 1}, std::vector<float>(9, 1.0f), {0.0f},
                         Conv2D{.padding = Padding::same, .dilation_h = 2, .dilation_w = 2}, {1, 5, 5, 1});
  ASSERT_EQ(same.size(), 25u);
  EXPECT_NEAR(same[0], 1 + 3 + 11 + 13, test::kTolerance);                           // (0,0): rows/cols 0, 2
  EXPECT_NEAR(same[1], 2 + 4 + 12 + 14, test::kTolerance);                           // (0,1): rows 0, 2; cols 1, 3
  EXPECT_NEAR(same[12], 1 + 3 + 5 + 11 + 13 + 15 + 21 + 23 + 25, test::kTolerance);  // (2,2): all of 0, 2, 4
  EXPECT_NEAR(same[24], 13 + 15 + 23 + 25, test::kTolerance);                        // (4,4): rows/cols 2, 4
}

TEST(Conv2D, PointwiseMixesChannels) {
  // 1x1 filter: out[o] = sum_i w[o][i] * in[i] + b[o], per pixel.
  // Pixels (1,2) and (3,4); w = [[1, 1], [2, -1], [0, 3]], b = [0, 1, -2].
  const auto out = conv({1, 1, 2, 2}, {1, 2, 3, 4}, {3, 1, 1, 2}, {1, 1, 2, -1, 0, 3}, {0.0f, 1.0f, -2.0f},
                        Conv2D{.padding = Padding::valid}, {1, 1, 2, 3});
  test::expect_near_all(out, {1 + 2, 2 * 1 - 2 + 1, 3 * 2 - 2, 3 + 4, 2 * 3 - 4 + 1, 3 * 4 - 2});
}

}  // namespace
}  // namespace fakecam::segment
