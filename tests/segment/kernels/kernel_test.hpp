// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every kernel test shares: random inputs, and a fixture that runs a
// test once per instruction set (skipped where this CPU lacks it).

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "segment/kernels/isa.hpp"

namespace fakecam::segment::kernels::test {

// n values, uniform in [-range, range].
inline std::vector<float> random_values(std::size_t n, std::mt19937& rng, float range = 2.0f) {
  std::uniform_real_distribution<float> dist(-range, range);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

class EachIsa : public testing::TestWithParam<Isa> {
 protected:
  void SetUp() override {
    if (!isa_supported(GetParam())) GTEST_SKIP() << "this CPU has no " << isa_name(GetParam());
  }
};

inline constexpr Isa kEveryIsa[] = {Isa::baseline, Isa::avx2, Isa::avx512};

inline std::string isa_test_name(const testing::TestParamInfo<Isa>& info) { return isa_name(info.param); }

}  // namespace fakecam::segment::kernels::test
