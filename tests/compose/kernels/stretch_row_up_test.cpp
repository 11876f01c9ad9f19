// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/stretch_row_up.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "compose/kernels/kernels.hpp"
#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose::kernels {
namespace {

// The same floats as stretch_row_f32 from both builds: for the light's
// 320 -> 1280, odd stretches, one barely longer (8 outputs from 8 inputs:
// the permute's edge) and a shrink (every block falls back).
TEST(StretchRowUp, EqualsTheGatherForEveryStretch) {
  cv::RNG rng(11);
  for (const auto& [from, to] : {std::pair{320, 1280}, std::pair{160, 1283}, std::pair{7, 64}, std::pair{100, 101},
                                 std::pair{64, 40}, std::pair{3, 5}}) {
    SCOPED_TRACE(std::to_string(from) + " -> " + std::to_string(to));
    const ResampleAxis axis(from, to);
    std::vector<float> src(static_cast<std::size_t>(from) + 8);
    for (float& v : src) v = rng.uniform(-500.0f, 2000.0f);
    std::vector<float> want(static_cast<std::size_t>(to));
    stretch_row_f32(src.data(), axis.index.data(), axis.weight.data(), want.data(), to);
    for (StretchIsa isa : {StretchIsa::best, StretchIsa::baseline}) {
      std::vector<float> got(static_cast<std::size_t>(to), -1.0f);
      stretch_row_up_f32(src.data(), axis.index.data(), axis.weight.data(), got.data(), to, isa);
      EXPECT_EQ(got, want) << (isa == StretchIsa::best ? "best" : "baseline");
    }
  }
}

}  // namespace
}  // namespace fakecam::compose::kernels
