// SPDX-License-Identifier: GPL-3.0-or-later
// The models' head kernel (1x1 conv to 4 channels, DEPTH_TO_SPACE 2, the
// sigmoid) against the plain scalar loops, for every instruction set this CPU
// runs: odd widths (the pair loop's remainder), channel counts below and
// above a vector, with and without the sigmoid, and logits far out on both
// sides (the sigmoid's clamp).

#include "segment/kernels/conv_to_space.hpp"

#include <gtest/gtest.h>

#include "segment/kernels/kernel_test.hpp"

#include <cmath>
#include <random>
#include <string>

namespace fakecam::segment::kernels {
namespace {

using test::random_values;

void expect_matches_reference(int h, int w, int c, bool sigmoid, float range, Isa isa, std::mt19937& rng) {
  const auto filter = random_values(static_cast<std::size_t>(4 * c), rng, 1.0f);
  const auto bias = random_values(4, rng, 1.0f);
  const auto in = random_values(static_cast<std::size_t>(h * w * c), rng, range);
  const auto n = static_cast<std::size_t>(4 * h * w);
  std::vector<float> expected(n), actual(n, std::nanf(""));
  conv_to_space_reference(h, w, c, filter.data(), bias.data(), sigmoid, in.data(), expected.data());
  ConvToSpace(h, w, c, filter.data(), bias.data(), sigmoid, isa).run(in.data(), actual.data());
  int bad = 0;
  for (std::size_t i = 0; i < n && bad < 5; ++i) {
    if (!(std::abs(actual[i] - expected[i]) <= 2e-6f * (1.0f + std::abs(expected[i])))) {
      ADD_FAILURE() << isa_name(isa) << " " << h << "x" << w << "x" << c << (sigmoid ? " sigmoid" : "") << " range "
                    << range << ": output pixel (" << i / (2 * w) << ", " << i % (2 * w) << ") " << actual[i]
                    << " != " << expected[i];
      ++bad;
    }
  }
}

class ConvToSpaceKernel : public test::EachIsa {};

TEST_P(ConvToSpaceKernel, MatchesReference) {
  std::mt19937 rng(3);
  for (int c : {1, 3, 16, 21}) {
    for (auto [h, w] : {std::pair{1, 1}, {2, 3}, {3, 8}, {5, 7}, {4, 17}}) {
      for (bool sigmoid : {false, true}) expect_matches_reference(h, w, c, sigmoid, 1.0f, GetParam(), rng);
    }
  }
}

TEST_P(ConvToSpaceKernel, SigmoidHoldsFarOut) {
  // Logits up to +-200 (16 channels of up to 20 each): exp overflows past 88.
  std::mt19937 rng(4);
  expect_matches_reference(3, 9, 16, true, 20.0f, GetParam(), rng);
}

TEST_P(ConvToSpaceKernel, HasTheModelsShapes) {
  std::mt19937 rng(5);
  expect_matches_reference(72, 128, 16, true, 2.0f, GetParam(), rng);
  expect_matches_reference(128, 128, 16, true, 2.0f, GetParam(), rng);
}

TEST(ConvToSpaceKernel, PlacesEachOutputChannelInItsBlock) {
  // One pixel, one channel of 1: output channel o is bias o + weight o, at
  // (o / 2, o % 2) of the 2x2 block.
  const float filter[4] = {1, 2, 3, 4}, bias[4] = {10, 20, 30, 40}, in = 1;
  float out[4];
  ConvToSpace(1, 1, 1, filter, bias, false, Isa::baseline).run(&in, out);
  EXPECT_EQ(out[0], 11);
  EXPECT_EQ(out[1], 22);
  EXPECT_EQ(out[2], 33);
  EXPECT_EQ(out[3], 44);
}

INSTANTIATE_TEST_SUITE_P(EachIsa, ConvToSpaceKernel, testing::ValuesIn(test::kEveryIsa), test::isa_test_name);

}  // namespace
}  // namespace fakecam::segment::kernels
