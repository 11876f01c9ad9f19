// SPDX-License-Identifier: GPL-3.0-or-later
// LOGISTIC on XNNPACK: 1 / (1 + exp(-x)), at points with exact values
// (x = ln 3 gives 3/4, x = ln 9 gives 9/10) and in the saturated tails.

#include <gtest/gtest.h>

#include <cmath>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

TEST(Logistic, MatchesDefinition) {
  test::TinyGraph g;
  const int in = g.input({1, 1, 8, 1});
  const int out = g.op(Logistic{}, {in}, {1, 1, 8, 1});
  const float ln3 = std::log(3.0f);
  const float ln9 = std::log(9.0f);
  const auto result = test::run(std::move(g).finish(out), {-100, -ln9, -ln3, 0, ln3, ln9, 20, 100});
  test::expect_near_all(result, {
                                    0,          // exp(100) overflows nowhere: 1 / (1 + e^100) ~ 3.7e-44
                                    1 / 10.0f,  // 1 / (1 + 9)
                                    1 / 4.0f,   // 1 / (1 + 3)
                                    1 / 2.0f,
                                    3 / 4.0f,   // 1 / (1 + 1/3)
                                    9 / 10.0f,  // 1 / (1 + 1/9)
                                    1,          // 1 - 2.1e-9
                                    1,
                                });
}

}  // namespace
}  // namespace fakecam::segment
