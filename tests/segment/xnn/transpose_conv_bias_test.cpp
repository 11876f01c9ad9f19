// SPDX-License-Identifier: GPL-3.0-or-later
// MediaPipe's Convolution2DTransposeBias on XNNPACK (deconvolution) against
// hand-worked results: each input pixel scatters filter * value into the
// output at (stride*y + ky, stride*x + kx), minus TFLite's padding (the odd
// element cropped after), plus bias. Filter layout [O,KH,KW,I].

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::TinyGraph;

std::vector<float> transpose_conv(const Shape& in_shape, const std::vector<float>& input, const Shape& filter_shape,
                                  const std::vector<float>& filter, const std::vector<float>& bias,
                                  const TransposeConvBias& params, const Shape& out_shape) {
  TinyGraph g;
  const int in = g.input(in_shape);
  const int w = g.constant(filter_shape, filter);
  const int b = g.constant({filter_shape[0]}, bias);
  const int out = g.op(params, {in, w, b}, out_shape);
  return test::run(std::move(g).finish(out), input);
}

// Input [[1,2],[3,4]], filter [[1,2,3],[4,5,6],[7,8,9]], stride 2. The full
// scatter is 5x5 (rows and columns 2 receive from two inputs):
//    1  2 |  3+2*1   2*2  2*3          1  2  5  4  6
//    4  5 |  6+2*4   2*5  2*6          4  5 14 10 12
//   ... summed:                       10 14 36 24 30
//                                     12 15 34 20 24
//                                     21 24 55 32 36
// e.g. (2,2) = 1*9 + 2*7 + 3*3 + 4*1 = 36; (4,2) = 3*9 + 4*7 = 55.
const std::vector<float> kInput2x2 = {1, 2, 3, 4};
const std::vector<float> kFilter3x3 = {1, 2, 3, 4, 5, 6, 7, 8, 9};

TEST(TransposeConvBias, ValidKeepsTheFullScatter) {
  const auto out =
      transpose_conv({1, 2, 2, 1}, kInput2x2, {1, 3, 3, 1}, kFilter3x3, {0.5f},
                     TransposeConvBias{.padding = Padding::valid, .stride_h = 2, .stride_w = 2}, {1, 5, 5, 1});
  test::expect_near_all(out, {1.5f,  2.5f,  5.5f,  4.5f,  6.5f,   //
                              4.5f,  5.5f,  14.5f, 10.5f, 12.5f,  //
                              10.5f, 14.5f, 36.5f, 24.5f, 30.5f,  //
                              12.5f, 15.5f, 34.5f, 20.5f, 24.5f,  //
                              21.5f, 24.5f, 55.5f, 32.5f, 36.5f});
}

TEST(TransposeConvBias, SameCropsTheOddPaddingAfter) {
  // SAME: output 2*2 = 4 per axis; the full scatter is 5, padding 1, all after:
  // the last row and column of the full scatter are dropped.
  const auto out =
      transpose_conv({1, 2, 2, 1}, kInput2x2, {1, 3, 3, 1}, kFilter3x3, {-1.0f},
                     TransposeConvBias{.padding = Padding::same, .stride_h = 2, .stride_w = 2}, {1, 4, 4, 1});
  test::expect_near_all(out, {0, 1, 4, 3,     //
                              3, 4, 13, 9,    //
                              9, 13, 35, 23,  //
                              11, 14, 33, 19});
}

TEST(TransposeConvBias, SameWithSmallFilterFillsTheGapWithBias) {
  // 1x1 filter (value 2), stride 2: the scatter is only 3 wide but SAME asks
  // for 4, so the last row and column hold just the bias.
  const auto out =
      transpose_conv({1, 2, 2, 1}, kInput2x2, {1, 1, 1, 1}, {2.0f}, {0.5f},
                     TransposeConvBias{.padding = Padding::same, .stride_h = 2, .stride_w = 2}, {1, 4, 4, 1});
  test::expect_near_all(out, {2.5f, 0.5f, 4.5f, 0.5f,  //
                              0.5f, 0.5f, 0.5f, 0.5f,  //
                              6.5f, 0.5f, 8.5f, 0.5f,  //
                              0.5f, 0.5f, 0.5f, 0.5f});
}

TEST(TransposeConvBias, TwoByTwoStride2MixesChannels) {
  // The selfie models' decoder shape: 2x2 filter, stride 2, SAME (no padding).
  // One input pixel with channels (1, 2); two output channels:
  //   out[ky][kx][o] = 1 * w[o][ky][kx][0] + 2 * w[o][ky][kx][1] + b[o]
  // w[0] = taps (1,0) (0,1) (2,2) (-1,1) as (in0,in1) per (ky,kx) in row order,
  // w[1] = (0,1) (1,1) (0,0) (3,0).
  const std::vector<float> filter = {1, 0, 0, 1, 2, 2, -1, 1,   // o = 0
                                     0, 1, 1, 1, 0, 0, 3,  0};  // o = 1
  const auto out =
      transpose_conv({1, 1, 1, 2}, {1, 2}, {2, 2, 2, 2}, filter, {10.0f, 20.0f},
                     TransposeConvBias{.padding = Padding::same, .stride_h = 2, .stride_w = 2}, {1, 2, 2, 2});
  test::expect_near_all(out, {1 + 10, 2 + 20,         // (0,0)
                              2 + 10, 3 + 20,         // (0,1)
                              6 + 10, 0 + 20,         // (1,0)
                              -1 + 2 + 10, 3 + 20});  // (1,1)
}

TEST(TransposeConvBias, TwoByTwoStride2ToOneChannel) {
  // The models' last decoder op: windows tile the output, one output
  // channel. Input 1x1x2x2:
  // pixels (1, 2) and (3, -1); filter taps (in0, in1) per (ky,kx) in row
  // order: (1,0) (0,1) (1,1) (2,-1); bias 0.5.
  //   pixel 0 -> 1, 2 / 3, 2-2 = 0      pixel 1 -> 3, -1 / 2, 6+1 = 7
  const auto out =
      transpose_conv({1, 1, 2, 2}, {1, 2, 3, -1}, {1, 2, 2, 2}, {1, 0, 0, 1, 1, 1, 2, -1}, {0.5f},
                     TransposeConvBias{.padding = Padding::same, .stride_h = 2, .stride_w = 2}, {1, 2, 4, 1});
  test::expect_near_all(out, {1.5f, 2.5f, 3.5f, -0.5f,  //
                              3.5f, 0.5f, 2.5f, 7.5f});
}

TEST(TransposeConvBias, ThreeByThreeStride3ToOneChannel) {
  // Same tiling with a 3x3 block, VALID (identical to SAME when kernel = stride):
  // each input pixel becomes value * filter + bias.
  const auto out =
      transpose_conv({1, 1, 2, 1}, {2, -1}, {1, 3, 3, 1}, kFilter3x3, {1.0f},
                     TransposeConvBias{.padding = Padding::valid, .stride_h = 3, .stride_w = 3}, {1, 3, 6, 1});
  test::expect_near_all(out, {3, 5, 7, 0, -1, -2,     //
                              9, 11, 13, -3, -4, -5,  //
                              15, 17, 19, -6, -7, -8});
}

TEST(TransposeConvBias, DifferentStridesPerAxis) {
  // Input 1x1x2x1 = (1, 2); 1x2 filter [1, 10]; stride_h 1, stride_w 3, VALID:
  // width (2-1)*3 + 2 = 5, the second pixel lands at columns 3-4.
  const auto out =
      transpose_conv({1, 1, 2, 1}, {1, 2}, {1, 1, 2, 1}, {1, 10}, {0.0f},
                     TransposeConvBias{.padding = Padding::valid, .stride_h = 1, .stride_w = 3}, {1, 1, 5, 1});
  test::expect_near_all(out, {1, 10, 0, 2, 20});
}

}  // namespace
}  // namespace fakecam::segment
