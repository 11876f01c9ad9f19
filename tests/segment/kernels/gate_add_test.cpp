// SPDX-License-Identifier: GPL-3.0-or-later
// x * gate + y against the plain loop, for every instruction set this CPU
// runs: channel counts that leave each kind of remainder, and in place.

#include "segment/kernels/gate_add.hpp"

#include <gtest/gtest.h>

#include "segment/kernels/kernel_test.hpp"

#include <cmath>
#include <random>
#include <string>

namespace fakecam::segment::kernels {
namespace {

using test::random_values;

class GateAddKernel : public test::EachIsa {};

TEST_P(GateAddKernel, MatchesReference) {
  std::mt19937 rng(6);
  for (int c : {1, 3, 4, 8, 16, 24, 29, 40}) {
    for (int pixels : {1, 5, 37}) {
      const auto n = static_cast<std::size_t>(pixels * c);
      const auto x = random_values(n, rng), y = random_values(n, rng);
      const auto gate = random_values(static_cast<std::size_t>(c), rng);
      std::vector<float> expected(n), actual(n, std::nanf(""));
      gate_add_reference(x.data(), gate.data(), y.data(), expected.data(), pixels, c);
      gate_add(x.data(), gate.data(), y.data(), actual.data(), pixels, c, GetParam());
      for (std::size_t i = 0; i < n; ++i) ASSERT_NEAR(actual[i], expected[i], 1e-6f) << c << " channels, at " << i;
      // In place over y, as the arena may place it.
      std::vector<float> in_place = y;
      gate_add(x.data(), gate.data(), in_place.data(), in_place.data(), pixels, c, GetParam());
      for (std::size_t i = 0; i < n; ++i) ASSERT_NEAR(in_place[i], expected[i], 1e-6f) << "in place, at " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EachIsa, GateAddKernel, testing::ValuesIn(test::kEveryIsa), test::isa_test_name);

}  // namespace
}  // namespace fakecam::segment::kernels
