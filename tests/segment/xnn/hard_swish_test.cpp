// SPDX-License-Identifier: GPL-3.0-or-later
// HARD_SWISH on XNNPACK: x * relu6(x + 3) / 6, checked at the kinks (-3, 3)
// and in between.

#include <gtest/gtest.h>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

TEST(HardSwish, MatchesDefinition) {
  test::TinyGraph g;
  const int in = g.input({1, 2, 5, 1});
  const int out = g.op(HardSwish{}, {in}, {1, 2, 5, 1});
  const auto result = test::run(std::move(g).finish(out), {-5, -3, -1.5f, -0.5f, 0, 0.5f, 1, 2.5f, 3, 7});
  test::expect_near_all(result, {
                                    0,                 // -5: relu6(-2) = 0
                                    0,                 // -3: relu6(0) = 0
                                    -1.5f * 1.5f / 6,  // -0.375
                                    -0.5f * 2.5f / 6,  // -0.208333
                                    0,                 //
                                    0.5f * 3.5f / 6,   // 0.291667
                                    4.0f / 6,          // 1 * 4 / 6
                                    2.5f * 5.5f / 6,   // 2.291667
                                    3,                 // 3 * 6 / 6
                                    7,                 // relu6(10) = 6: x itself
                                });
}

}  // namespace
}  // namespace fakecam::segment
