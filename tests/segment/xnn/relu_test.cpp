// SPDX-License-Identifier: GPL-3.0-or-later
// RELU (the standalone operator) on XNNPACK: max(x, 0), unbounded above.

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

TEST(Relu, ZeroesNegativesAndKeepsLargeValues) {
  test::TinyGraph g;
  const int in = g.input({1, 2, 3, 2});
  const int out = g.op(Relu{}, {in}, {1, 2, 3, 2});
  const auto result =
      test::run(std::move(g).finish(out), {-1e6f, -2, -1e-3f, 0, 1e-3f, 0.5f, 1, 5.5f, 6, 6.5f, 100, 1e6f});
  test::expect_near_all(result, {0, 0, 0, 0, 1e-3f, 0.5f, 1, 5.5f, 6, 6.5f, 100, 1e6f});
}

}  // namespace
}  // namespace fakecam::segment
