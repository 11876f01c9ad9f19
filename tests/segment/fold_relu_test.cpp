// SPDX-License-Identifier: GPL-3.0-or-later
// RELUs folded into the op before them: only where the RELU alone reads an
// op with an empty activation slot; the result equals the unfolded graph's.

#include "segment/fold_relu.hpp"

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::TinyGraph;

TEST(FoldRelu, FoldsIntoTheOpBeforeIt) {
  TinyGraph g;
  const Shape s{1, 1, 4, 1};
  const int in = g.input(s);
  const int w = g.constant({1, 1, 1, 1}, {-2});
  const int b = g.constant({1}, {1});
  const int conv = g.op(Conv2D{}, {in, w, b}, s);
  const int out = g.op(Relu{}, {conv}, s);
  Graph graph = std::move(g).finish(out);
  Graph folded = graph;
  EXPECT_EQ(fold_relus(folded), 1);
  ASSERT_EQ(folded.ops.size(), 1u);
  EXPECT_EQ(std::get<Conv2D>(folded.ops[0].params).activation, Activation::relu);
  EXPECT_EQ(folded.ops[0].output, out);
  const std::vector<float> input{-1, 0, 0.25f, 3};
  test::expect_near_all(test::run(std::move(folded), input), test::run(std::move(graph), input));
}

TEST(FoldRelu, LeavesARelusWhoseInputOthersRead) {
  TinyGraph g;
  const Shape s{1, 1, 2, 1};
  const int in = g.input(s);
  const int sum = g.op(Add{}, {in, in}, s);
  const int relu = g.op(Relu{}, {sum}, s);
  const int out = g.op(Mul{}, {relu, sum}, s);
  Graph graph = std::move(g).finish(out);
  EXPECT_EQ(fold_relus(graph), 0);
}

TEST(FoldRelu, LeavesAnOpWithItsOwnActivation) {
  TinyGraph g;
  const Shape s{1, 1, 2, 1};
  const int in = g.input(s);
  const int sum = g.op(Add{.activation = Activation::relu6}, {in, in}, s);
  const int out = g.op(Relu{}, {sum}, s);
  Graph graph = std::move(g).finish(out);
  EXPECT_EQ(fold_relus(graph), 0);
}

}  // namespace
}  // namespace fakecam::segment
