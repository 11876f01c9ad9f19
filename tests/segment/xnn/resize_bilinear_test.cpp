// SPDX-License-Identifier: GPL-3.0-or-later
// RESIZE_BILINEAR on XNNPACK in TFLite's three sampling conventions, with the
// expected values worked out from TFLite's definitions (reference_ops.h
// ResizeBilinear + ComputeInterpolationValues):
//   scale  = in / out, or (in - 1) / (out - 1) with align_corners
//   source = dst * scale, or (dst + 0.5) * scale - 0.5 with half_pixel_centers
//   lower  = max(floor(source), 0), upper = min(ceil(source), in - 1)
//   value  = lerp(in[lower], in[upper], source - lower), per axis
// (a source left of 0 or right of in - 1 therefore reads the edge pixel).
//
// Input 1x2x3x2. Channel 0:      Channel 1 = 10 * channel 0 + 1 (the weights
//   1 4 2                        sum to 1, so its results are 10 * r + 1).
//   8 3 5
// Output 1x3x4x2.

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::TinyGraph;

std::vector<float> resize(bool align_corners, bool half_pixel_centers) {
  const std::vector<float> channel0 = {1, 4, 2, 8, 3, 5};
  std::vector<float> input;
  for (float v : channel0) {
    input.push_back(v);
    input.push_back(10 * v + 1);
  }
  TinyGraph g;
  const int in = g.input({1, 2, 3, 2});
  const int out = g.op(
      ResizeBilinear{.out_h = 3, .out_w = 4, .align_corners = align_corners, .half_pixel_centers = half_pixel_centers},
      {in}, {1, 3, 4, 2});
  return test::run(std::move(g).finish(out), input);
}

void expect_channels(const std::vector<float>& out, const std::vector<float>& channel0) {
  std::vector<float> expected;
  for (float v : channel0) {
    expected.push_back(v);
    expected.push_back(10 * v + 1);
  }
  test::expect_near_all(out, expected);
}

TEST(ResizeBilinear, LegacyConvention) {
  // Rows: scale 2/3, sources 0, 2/3, 4/3 (the last reads row 1 only).
  // Columns: scale 3/4, sources 0, 3/4, 3/2, 9/4 (the last reads column 2 only).
  // Row 0 at the columns: 1, 1/4*1 + 3/4*4 = 13/4, 1/2*4 + 1/2*2 = 3, 2
  // Row 1 at the columns: 8, 1/4*8 + 3/4*3 = 17/4, 1/2*3 + 1/2*5 = 4, 5
  // Output row 1 = 1/3 * row 0 + 2/3 * row 1.
  expect_channels(resize(false, false), {
                                            1, 13.0f / 4, 3, 2,                   //
                                            17.0f / 3, 47.0f / 12, 11.0f / 3, 4,  // (1 + 2*8)/3, (13/4 + 2*17/4)/3, ...
                                            8, 17.0f / 4, 4, 5,                   //
                                        });
}

TEST(ResizeBilinear, AlignCorners) {
  // Rows: scale 1, sources 0, 1/2, 1. Columns: scale 2/3, sources 0, 2/3, 4/3, 2.
  // Row 0 at the columns: 1, 1/3*1 + 2/3*4 = 3, 2/3*4 + 1/3*2 = 10/3, 2
  // Row 1 at the columns: 8, 1/3*8 + 2/3*3 = 14/3, 2/3*3 + 1/3*5 = 11/3, 5
  // Output row 1 = the average of the two.
  expect_channels(resize(true, false), {
                                           1, 3, 10.0f / 3, 2,           //
                                           4.5f, 23.0f / 6, 3.5f, 3.5f,  //
                                           8, 14.0f / 3, 11.0f / 3, 5,   //
                                       });
}

TEST(ResizeBilinear, HalfPixelCenters) {
  // Rows: scale 2/3, sources -1/6 (reads row 0), 1/2, 7/6 (reads row 1).
  // Columns: scale 3/4, sources -1/8 (column 0), 5/8, 11/8, 17/8 (column 2).
  // Row 0 at the columns: 1, 3/8*1 + 5/8*4 = 23/8, 5/8*4 + 3/8*2 = 13/4, 2
  // Row 1 at the columns: 8, 3/8*8 + 5/8*3 = 39/8, 5/8*3 + 3/8*5 = 15/4, 5
  // Output row 1 = the average of the two.
  expect_channels(resize(false, true), {
                                           1, 23.0f / 8, 13.0f / 4, 2,   //
                                           4.5f, 31.0f / 8, 3.5f, 3.5f,  //
                                           8, 39.0f / 8, 15.0f / 4, 5,   //
                                       });
}

TEST(ResizeBilinear, UpsamplesByTwoLikeTheModels) {
  // The models' decoder: x2 with half-pixel centres. 1x1x2x1 (0, 8) -> 1x1x4x1:
  // sources -1/4 (0), 1/4, 3/4, 5/4 (1): 0, 2, 6, 8. Height 1 -> 2 repeats the row.
  TinyGraph g;
  const int in = g.input({1, 1, 2, 1});
  const int out = g.op(ResizeBilinear{.out_h = 2, .out_w = 4, .half_pixel_centers = true}, {in}, {1, 2, 4, 1});
  test::expect_near_all(test::run(std::move(g).finish(out), {0, 8}), {0, 2, 6, 8, 0, 2, 6, 8});
}

}  // namespace
}  // namespace fakecam::segment
