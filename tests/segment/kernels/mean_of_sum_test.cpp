// SPDX-License-Identifier: GPL-3.0-or-later
// The channel means of a + b against a double-precision loop, for every
// instruction set this CPU runs: channel remainders, odd widths, and the
// landscape decoder's 72x128x16 (9216 values a channel: the float sums must
// not drift).

#include "segment/kernels/mean_of_sum.hpp"

#include <gtest/gtest.h>

#include "segment/kernels/kernel_test.hpp"

#include <cmath>
#include <random>
#include <string>

namespace fakecam::segment::kernels {
namespace {

class MeanOfSumKernel : public test::EachIsa {};

TEST_P(MeanOfSumKernel, MatchesReference) {
  std::mt19937 rng(14);
  std::uniform_real_distribution<float> dist(-1.0f, 3.0f);  // a positive mean, as after a ReLU-ish block
  for (auto [h, w, c] : {std::tuple{1, 1, 1}, {3, 5, 7}, {4, 9, 24}, {18, 32, 29}, {72, 128, 16}}) {
    const auto n = static_cast<std::size_t>(h * w * c);
    std::vector<float> a(n), b(n);
    for (float& v : a) v = dist(rng);
    for (float& v : b) v = dist(rng);
    std::vector<float> expected(static_cast<std::size_t>(c)), actual(static_cast<std::size_t>(c), std::nanf(""));
    mean_of_sum_reference(a.data(), b.data(), expected.data(), h, w, c);
    mean_of_sum(a.data(), b.data(), actual.data(), h, w, c, GetParam());
    for (int k = 0; k < c; ++k) {
      EXPECT_NEAR(actual[static_cast<std::size_t>(k)], expected[static_cast<std::size_t>(k)], 1e-5f)
          << h << "x" << w << "x" << c << " channel " << k;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EachIsa, MeanOfSumKernel, testing::ValuesIn(test::kEveryIsa), test::isa_test_name);

}  // namespace
}  // namespace fakecam::segment::kernels
