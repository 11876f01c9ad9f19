// SPDX-License-Identifier: GPL-3.0-or-later
// DEPTH_TO_SPACE on XNNPACK against a hand-worked result: TensorFlow's DCR
// order, output (y*B+by, x*B+bx, c) = input (y, x, (by*B+bx)*C + c).

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::TinyGraph;

TEST(DepthToSpace, MovesChannelBlocksIntoSpaceInTensorFlowOrder) {
  // Input 1x2 pixels of 8 channels (block 2, 2 output channels): pixel 0 is
  // 1..8, pixel 1 is 9..16. Pixel 0's block: (0,0) = {1,2}, (0,1) = {3,4},
  // (1,0) = {5,6}, (1,1) = {7,8}; pixel 1's block sits to its right.
  TinyGraph g;
  const int in = g.input({1, 1, 2, 8});
  const int out = g.op(DepthToSpace{2}, {in}, {1, 2, 4, 2});
  const auto result = test::run(std::move(g).finish(out), test::iota(16));
  test::expect_near_all(result, {1, 2, 3, 4, 9, 10, 11, 12,  //
                                 5, 6, 7, 8, 13, 14, 15, 16});
}

}  // namespace
}  // namespace fakecam::segment
