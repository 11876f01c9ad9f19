// SPDX-License-Identifier: GPL-3.0-or-later
// The 2x upsampling against TensorFlow's half-pixel bilinear resize written
// out in general form, for every instruction set this CPU runs: one-pixel
// inputs (every neighbour clamped), odd sizes, channel remainders.

#include "segment/kernels/upsample2x.hpp"

#include <gtest/gtest.h>

#include "segment/kernels/kernel_test.hpp"

#include <cmath>
#include <random>
#include <string>

namespace fakecam::segment::kernels {
namespace {

class Upsample2xKernel : public test::EachIsa {};

TEST_P(Upsample2xKernel, MatchesHalfPixelBilinear) {
  std::mt19937 rng(15);
  std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
  for (auto [h, w, c] : {std::tuple{1, 1, 1}, {1, 3, 5}, {2, 2, 16}, {3, 7, 24}, {9, 16, 29}, {36, 64, 16}}) {
    std::vector<float> in(static_cast<std::size_t>(h * w * c));
    for (float& v : in) v = dist(rng);
    const auto n = static_cast<std::size_t>(4 * h * w * c);
    std::vector<float> expected(n), actual(n, std::nanf(""));
    resize_bilinear_half_pixel_reference(h, w, c, 2 * h, 2 * w, in.data(), expected.data());
    Upsample2x up(h, w, c, GetParam());
    up.run(in.data(), actual.data());
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_NEAR(actual[i], expected[i], 1e-6f) << h << "x" << w << "x" << c << " at " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EachIsa, Upsample2xKernel, testing::ValuesIn(test::kEveryIsa), test::isa_test_name);

}  // namespace
}  // namespace fakecam::segment::kernels
