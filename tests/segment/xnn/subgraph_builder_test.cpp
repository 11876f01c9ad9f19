// SPDX-License-Identifier: GPL-3.0-or-later
// How a whole Graph becomes one XNNPACK subgraph: ops whose results nobody
// reads are left out (XNNPACK would abort on them: it gives an unread value
// no memory), and an op may read the graph input more than once.

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::TinyGraph;

TEST(SubgraphBuilder, SkipsOpsWhoseResultIsUnused) {
  TinyGraph g;
  const int in = g.input({1, 1, 4, 1});
  // A dead chain: RELU -> depthwise conv, neither read by anything.
  const int dead = g.op(Relu{}, {in}, {1, 1, 4, 1});
  const int w = g.constant({1, 1, 1, 1}, {2});
  const int b = g.constant({1}, {0});
  g.op(DepthwiseConv2D{.padding = Padding::valid}, {dead, w, b}, {1, 1, 4, 1});
  const int out = g.op(Logistic{}, {in}, {1, 1, 4, 1});
  test::expect_near_all(test::run(std::move(g).finish(out), {0, 0, 0, 0}), {0.5f, 0.5f, 0.5f, 0.5f});
}

TEST(SubgraphBuilder, KeepsOpsTheOutputDependsOnThroughSeveralPaths) {
  // out = RELU(x) + x * x: both branches read the input.
  TinyGraph g;
  const int in = g.input({1, 1, 3, 1});
  const int relu = g.op(Relu{}, {in}, {1, 1, 3, 1});
  const int square = g.op(Mul{}, {in, in}, {1, 1, 3, 1});
  const int out = g.op(Add{}, {relu, square}, {1, 1, 3, 1});
  test::expect_near_all(test::run(std::move(g).finish(out), {-2, 0.5f, 3}), {0 + 4, 0.5f + 0.25f, 3 + 9});
}

}  // namespace
}  // namespace fakecam::segment
