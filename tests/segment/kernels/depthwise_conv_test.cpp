// SPDX-License-Identifier: GPL-3.0-or-later
// Our depthwise convolution against the plain scalar loop, for every
// instruction set this CPU runs (each forced in turn): both kernel sizes and
// strides, SAME and VALID padding, channel counts that leave every kind of
// remainder after the vector blocks, rows and columns too few for the inner
// loop, and each epilogue.

#include "segment/kernels/depthwise_conv.hpp"

#include <gtest/gtest.h>

#include "segment/kernels/kernel_test.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace fakecam::segment::kernels {
namespace {

using test::random_values;

// TFLite's geometry: SAME pads to ceil(in / stride) outputs, the extra row or
// column after; VALID has no padding.
DepthwiseGeometry geometry(int h, int w, int c, int kernel, int stride, bool same) {
  DepthwiseGeometry g{.in_h = h, .in_w = w, .channels = c, .kernel = kernel, .stride = stride};
  const auto axis = [&](int in, int& out, int& pad) {
    out = same ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
    pad = same ? std::max((out - 1) * stride + kernel - in, 0) / 2 : 0;
  };
  axis(h, g.out_h, g.pad_top);
  axis(w, g.out_w, g.pad_left);
  return g;
}

// Kernel and reference on random data; the buffers are exactly their size
// (no slack), so a read or write past either end shows under ASan.
void expect_matches_reference(const DepthwiseGeometry& g, Epilogue e, Isa isa, std::mt19937& rng,
                              bool residual = false) {
  const auto taps = static_cast<std::size_t>(g.kernel * g.kernel * g.channels);
  const auto filter = random_values(taps, rng);
  const auto bias = random_values(static_cast<std::size_t>(g.channels), rng);
  const auto in = random_values(static_cast<std::size_t>(g.in_h * g.in_w * g.channels), rng);
  const auto out_count = static_cast<std::size_t>(g.out_h * g.out_w * g.channels);
  std::vector<float> expected(out_count), actual(out_count, std::nanf(""));
  const auto sum = random_values(residual ? out_count : 0, rng);
  const float* r = residual ? sum.data() : nullptr;
  depthwise_reference(g, filter.data(), bias.data(), e, in.data(), expected.data(), r);
  const DepthwiseConv conv(g, filter.data(), bias.data(), e, isa);
  conv.run(in.data(), actual.data(), r);
  const std::string what =
      std::string(isa_name(isa)) + " " + std::to_string(g.kernel) + "x" + std::to_string(g.kernel) + "/" +
      std::to_string(g.stride) + " in " + std::to_string(g.in_h) + "x" + std::to_string(g.in_w) + "x" +
      std::to_string(g.channels) + " out " + std::to_string(g.out_h) + "x" + std::to_string(g.out_w) +
      (e.hard_swish ? " hard-swish" : "") + " clamp [" + std::to_string(e.min) + ", " + std::to_string(e.max) + "]";
  int bad = 0;
  for (std::size_t i = 0; i < out_count && bad < 5; ++i) {
    // Up to 26 products of values below 4: FMA against mul + add rounds differently.
    if (!(std::abs(actual[i] - expected[i]) <= 2e-5f * (1.0f + std::abs(expected[i])))) {
      ADD_FAILURE() << what << ": at flat index " << i << " (pixel " << i / g.channels << ", channel " << i % g.channels
                    << ") " << actual[i] << " != " << expected[i];
      ++bad;
    }
  }
}

class DepthwiseKernel : public test::EachIsa {};

TEST_P(DepthwiseKernel, MatchesReferenceOnEveryShapeKind) {
  std::mt19937 rng(7);
  // Channel counts: below one 4-wide block, the model's (multiples of 8 and
  // 16), and ones leaving 16 + 8 + 4 + scalar remainders.
  for (int c : {1, 3, 4, 8, 16, 24, 29, 40, 72}) {
    for (int k : {3, 5}) {
      for (int s : {1, 2}) {
        for (bool same : {true, false}) {
          for (auto [h, w] : {std::pair{1, 1}, {2, 3}, {5, 5}, {7, 9}, {6, 13}, {11, 4}}) {
            if (!same && (h < k || w < k)) continue;
            expect_matches_reference(geometry(h, w, c, k, s, same), {}, GetParam(), rng);
          }
        }
      }
    }
  }
}

TEST_P(DepthwiseKernel, MatchesReferenceWithEachEpilogue) {
  std::mt19937 rng(8);
  const float inf = std::numeric_limits<float>::infinity();
  for (Epilogue e : {Epilogue{0.0f, inf, false}, Epilogue{0.0f, 6.0f, false}, Epilogue{-1.0f, 1.0f, false},
                     Epilogue{-inf, inf, true}, Epilogue{0.0f, inf, true}}) {
    for (int k : {3, 5}) {
      for (int s : {1, 2}) {
        expect_matches_reference(geometry(9, 14, 24, k, s, true), e, GetParam(), rng);
        expect_matches_reference(geometry(4, 7, 5, k, s, true), e, GetParam(), rng);
      }
    }
  }
}

TEST_P(DepthwiseKernel, AddsTheResidualLast) {
  std::mt19937 rng(10);
  const float inf = std::numeric_limits<float>::infinity();
  for (int k : {3, 5}) {
    for (int s : {1, 2}) {
      for (Epilogue e : {Epilogue{}, Epilogue{0.0f, inf, false}, Epilogue{-inf, inf, true}}) {
        expect_matches_reference(geometry(7, 10, 40, k, s, true), e, GetParam(), rng, true);
        expect_matches_reference(geometry(3, 5, 13, k, s, true), e, GetParam(), rng, true);
      }
    }
  }
  // The reference itself: relu(conv) + residual, by hand on one pixel.
  const DepthwiseGeometry one = geometry(1, 1, 1, 3, 1, true);
  std::vector<float> w(9, 0.0f);
  w[4] = -2.0f;  // centre tap
  const float bias = 0.5f, in = 1.0f, residual = 3.0f;
  float out = 0;
  depthwise_reference(one, w.data(), &bias, {0.0f, inf, false}, &in, &out, &residual);
  EXPECT_EQ(out, 3.0f);  // max(0.5 - 2, 0) + 3
  const DepthwiseConv conv(one, w.data(), &bias, {0.0f, inf, false}, GetParam());
  conv.run(&in, &out, &residual);
  EXPECT_EQ(out, 3.0f);
}

TEST_P(DepthwiseKernel, HasTheModelsShapes) {
  // The selfie models' depthwise layers (landscape 144x256 and general 256x256 inputs).
  std::mt19937 rng(9);
  expect_matches_reference(geometry(72, 128, 16, 3, 2, true), {0.0f, std::numeric_limits<float>::infinity()},
                           GetParam(), rng);
  expect_matches_reference(geometry(18, 32, 96, 5, 1, true), {.hard_swish = true}, GetParam(), rng);
  expect_matches_reference(geometry(9, 16, 288, 5, 2, true), {.hard_swish = true}, GetParam(), rng);
  expect_matches_reference(geometry(32, 32, 72, 3, 2, true), {}, GetParam(), rng);
  expect_matches_reference(geometry(36, 64, 16, 3, 1, true), {0.0f, std::numeric_limits<float>::infinity()}, GetParam(),
                           rng, true);
}

TEST(DepthwiseKernel, RefusesWhatItHasNoBuildFor) {
  EXPECT_TRUE(depthwise_supported(3, 1));
  EXPECT_TRUE(depthwise_supported(5, 2));
  EXPECT_FALSE(depthwise_supported(7, 1));
  EXPECT_FALSE(depthwise_supported(3, 3));
  const std::vector<float> w(49, 0.0f);
  EXPECT_ANY_THROW(DepthwiseConv(geometry(8, 8, 1, 7, 1, true), w.data(), w.data(), {}, Isa::baseline));
}

TEST(DepthwiseKernel, BestIsaIsSupported) { EXPECT_TRUE(isa_supported(best_isa())); }

INSTANTIATE_TEST_SUITE_P(EachIsa, DepthwiseKernel, testing::ValuesIn(test::kEveryIsa), test::isa_test_name);

}  // namespace
}  // namespace fakecam::segment::kernels
