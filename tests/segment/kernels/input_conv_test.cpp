// SPDX-License-Identifier: GPL-3.0-or-later
// The first-layer kernel (3x3 from 3 channels) against the plain scalar loop,
// for every instruction set this CPU runs: both strides, SAME and VALID
// padding, output channel counts that leave each kind of remainder, widths
// too narrow for the 8-pixel groups, and each epilogue.

#include "segment/kernels/input_conv.hpp"

#include <gtest/gtest.h>

#include "segment/kernels/kernel_test.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace fakecam::segment::kernels {
namespace {

using test::random_values;

InputConvGeometry geometry(int h, int w, int out_c, int stride, bool same) {
  InputConvGeometry g{.in_h = h, .in_w = w, .out_c = out_c, .stride = stride};
  const auto axis = [&](int in, int& out, int& pad) {
    out = same ? (in + stride - 1) / stride : (in - 3) / stride + 1;
    pad = same ? std::max((out - 1) * stride + 3 - in, 0) / 2 : 0;
  };
  axis(h, g.out_h, g.pad_top);
  axis(w, g.out_w, g.pad_left);
  return g;
}

void expect_matches_reference(const InputConvGeometry& g, Epilogue e, Isa isa, std::mt19937& rng) {
  const auto filter = random_values(static_cast<std::size_t>(g.out_c * 27), rng, 1.0f);
  const auto bias = random_values(static_cast<std::size_t>(g.out_c), rng, 1.0f);
  const auto in = random_values(static_cast<std::size_t>(g.in_h * g.in_w * 3), rng, 1.0f);
  const auto n = static_cast<std::size_t>(g.out_h * g.out_w * g.out_c);
  std::vector<float> expected(n), actual(n, std::nanf(""));
  input_conv_reference(g, filter.data(), bias.data(), e, in.data(), expected.data());
  InputConv(g, filter.data(), bias.data(), e, isa).run(in.data(), actual.data());
  int bad = 0;
  for (std::size_t i = 0; i < n && bad < 5; ++i) {
    if (!(std::abs(actual[i] - expected[i]) <= 1e-5f * (1.0f + std::abs(expected[i])))) {
      ADD_FAILURE() << isa_name(isa) << " in " << g.in_h << "x" << g.in_w << " -> " << g.out_c << " stride " << g.stride
                    << (e.hard_swish ? " hard-swish" : "") << ": at " << i << " " << actual[i] << " != " << expected[i];
      ++bad;
    }
  }
}

class InputConvKernel : public test::EachIsa {};

TEST_P(InputConvKernel, MatchesReference) {
  std::mt19937 rng(11);
  const float inf = std::numeric_limits<float>::infinity();
  for (int out_c : {1, 5, 8, 16, 29}) {
    for (int s : {1, 2}) {
      for (bool same : {true, false}) {
        for (auto [h, w] : {std::pair{3, 3}, {4, 5}, {9, 21}, {6, 40}}) {
          expect_matches_reference(geometry(h, w, out_c, s, same), {}, GetParam(), rng);
        }
      }
      expect_matches_reference(geometry(7, 19, out_c, s, true), {-inf, inf, true}, GetParam(), rng);
      expect_matches_reference(geometry(7, 19, out_c, s, true), {0.0f, 6.0f, false}, GetParam(), rng);
    }
  }
}

TEST_P(InputConvKernel, HasTheModelsShapes) {
  std::mt19937 rng(12);
  expect_matches_reference(geometry(144, 256, 16, 2, true), {.hard_swish = true}, GetParam(), rng);
  expect_matches_reference(geometry(256, 256, 16, 2, true), {.hard_swish = true}, GetParam(), rng);
}

INSTANTIATE_TEST_SUITE_P(EachIsa, InputConvKernel, testing::ValuesIn(test::kEveryIsa), test::isa_test_name);

}  // namespace
}  // namespace fakecam::segment::kernels
