// SPDX-License-Identifier: GPL-3.0-or-later
// The edge refiner's row kernels against the formulas they implement,
// written out per element here, on random rows whose lengths leave a
// vector tail, with the values at the edges of each clamp (and NaN where a
// kernel promises what it makes of one). The kernels must give the same
// bits as the formulas: the refiner's output was bit-exact before they
// were split out, and the AVX2 and baseline builds must agree.

#include "compose/kernels/guided_rows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace fakecam::compose::kernels {
namespace {

constexpr int kN = 37;  // 4 AVX2 vectors and a tail of 5

std::vector<float> random_row(std::mt19937& rng, float lo, float hi, int n = kN) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(static_cast<std::size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

float clamp01(float v) { return v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f; }

TEST(GuidedRows, GuideProductsClampTheConfidenceAndScaleTheGuide) {
  std::mt19937 rng(1);
  std::vector<float> p = random_row(rng, -0.5f, 1.5f);
  p[0] = std::numeric_limits<float>::quiet_NaN();
  p[1] = 0.0f;
  p[2] = 1.0f;
  std::vector<std::uint8_t> g(kN);
  for (int x = 0; x < kN; ++x) g[static_cast<std::size_t>(x)] = static_cast<std::uint8_t>(x * 7);
  const std::vector<float> before = p;
  std::vector<float> i(kN), ip(kN), ii(kN);
  guide_products_row(p.data(), g.data(), 16.0f, 1.0f / 219.0f, i.data(), ip.data(), ii.data(), kN);
  for (std::size_t x = 0; x < kN; ++x) {
    const float c = clamp01(before[x]);
    const float guide = (static_cast<float>(g[x]) - 16.0f) * (1.0f / 219.0f);
    EXPECT_EQ(p[x], c) << x;
    EXPECT_EQ(i[x], guide) << x;
    EXPECT_EQ(ip[x], guide * c) << x;
    EXPECT_EQ(ii[x], guide * guide) << x;
  }
  EXPECT_EQ(p[0], 0.0f) << "NaN confidence counts as background";
}

TEST(GuidedRows, FitIsTheLeastSquaresLineOfEachWindow) {
  std::mt19937 rng(2);
  const auto mi = random_row(rng, 0, 1), mp = random_row(rng, 0, 1), mip = random_row(rng, 0, 1),
             mii = random_row(rng, 0, 1);
  std::vector<float> a(kN), b(kN);
  guided_fit_row(mi.data(), mp.data(), mip.data(), mii.data(), 0.0015f, a.data(), b.data(), kN);
  for (std::size_t x = 0; x < kN; ++x) {
    const float var = mii[x] - mi[x] * mi[x];
    const float cov = mip[x] - mi[x] * mp[x];
    const float slope = cov / (var + 0.0015f);
    EXPECT_EQ(a[x], slope) << x;
    EXPECT_EQ(b[x], mp[x] - slope * mi[x]) << x;
  }
  // A window where the guide is flat and the mask is 0.7: a = 0, b = 0.7.
  const float flat_i = 0.4f, flat_p = 0.7f;
  const float flat_ii = flat_i * flat_i, flat_ip = flat_i * flat_p;
  float fa = -1, fb = -1;
  guided_fit_row(&flat_i, &flat_p, &flat_ip, &flat_ii, 0.0015f, &fa, &fb, 1);
  EXPECT_NEAR(fa, 0.0f, 1e-6f);
  EXPECT_NEAR(fb, 0.7f, 1e-6f);
}

TEST(GuidedRows, SteadyFitHoldsStillWindowsAndFollowsMovingOnes) {
  std::mt19937 rng(3);
  const float rate = 0.5f, still = 0.02f, moving = 0.1f;
  const auto prev_mp = random_row(rng, 0, 1), prev_a = random_row(rng, -2, 2), prev_b = random_row(rng, -1, 1);
  std::vector<float> mp = prev_mp;
  for (std::size_t x = 0; x < kN; ++x) mp[x] += (static_cast<float>(x % 9) - 4.0f) * 0.03f;  // still..moving
  auto a = random_row(rng, -2, 2), b = random_row(rng, -1, 1);
  const auto a0 = a, b0 = b;
  steady_fit_row(mp.data(), prev_mp.data(), prev_a.data(), prev_b.data(), rate, still, moving, a.data(), b.data(), kN);
  for (std::size_t x = 0; x < kN; ++x) {
    const float moved = std::abs(mp[x] - prev_mp[x]);
    const float t = std::clamp((moved - still) * (1.0f / (moving - still)), 0.0f, 1.0f);
    const float k = rate + (1.0f - rate) * t;
    EXPECT_EQ(a[x], prev_a[x] + k * (a0[x] - prev_a[x])) << x;
    EXPECT_EQ(b[x], prev_b[x] + k * (b0[x] - prev_b[x])) << x;
    if (moved >= moving) {
      EXPECT_EQ(a[x], a0[x]) << "a moving window follows at once, " << x;
    }
  }
}

// The two guides: grey (full range, no offset) and limited-range luma.
struct Guide {
  float scale, offset, a_factor;
};

class FoldRamp : public testing::TestWithParam<Guide> {};

TEST_P(FoldRamp, FoldsTheRampAndBoundsAlphaOverEveryGreyLevel) {
  const Guide guide = GetParam();
  std::mt19937 rng(4);
  const auto a = random_row(rng, -3, 3), b = random_row(rng, -1, 2), i = random_row(rng, 0, 1);
  const float ramp_scale = 6.0f, ramp_offset = -2.5f;
  std::vector<float> q(kN), oa(kN), ob(kN), lo(kN), hi(kN);
  fold_ramp_row(a.data(), b.data(), i.data(), ramp_scale, ramp_offset, guide.a_factor, guide.scale, guide.offset,
                q.data(), oa.data(), ob.data(), lo.data(), hi.data(), kN);
  for (std::size_t x = 0; x < kN; ++x) {
    const float fa = a[x] * ramp_scale;
    const float fb = b[x] * ramp_scale + ramp_offset;
    EXPECT_EQ(q[x], clamp01(fa * i[x] + fb)) << x;
    EXPECT_EQ(oa[x], fa * guide.a_factor) << x;
    EXPECT_EQ(ob[x], (fb - fa * guide.scale * guide.offset) * 255.0f) << x;
    // alpha * 255 for each 8-bit guide level lies in [lo, hi], and both ends are reached.
    float seen_lo = std::numeric_limits<float>::max(), seen_hi = -seen_lo;
    for (int g = 0; g <= 255; g += 255) {
      const float v = oa[x] * static_cast<float>(g) + ob[x];
      seen_lo = std::min(seen_lo, v);
      seen_hi = std::max(seen_hi, v);
    }
    EXPECT_EQ(lo[x], seen_lo) << x;
    EXPECT_EQ(hi[x], seen_hi) << x;
  }
}

INSTANTIATE_TEST_SUITE_P(GreyAndLuma, FoldRamp,
                         testing::Values(Guide{1.0f / 255.0f, 0.0f, 1.0f},
                                         Guide{1.0f / 219.0f, 16.0f, 255.0f * (1.0f / 219.0f)}));

TEST(GuidedRows, CellKindsAreFlatOnlyWhenEveryCornerRoundsTheSameWay) {
  // Per cell: its four corners' ranges. Each case sets one corner apart.
  const int n = kN;
  std::vector<float> lo0(n + 1, 300.0f), lo1(n + 1, 300.0f), hi0(n + 1, 300.0f), hi1(n + 1, 300.0f);
  std::vector<std::uint8_t> kinds(static_cast<std::size_t>(n));
  cell_kinds_row(lo0.data(), lo1.data(), hi0.data(), hi1.data(), kinds.data(), n);
  for (int j = 0; j < n; ++j) EXPECT_EQ(kinds[static_cast<std::size_t>(j)], 1) << "all above 254.5: full, " << j;

  std::fill(lo0.begin(), lo0.end(), -5.0f);
  std::fill(lo1.begin(), lo1.end(), -5.0f);
  std::fill(hi0.begin(), hi0.end(), 0.49f);
  std::fill(hi1.begin(), hi1.end(), 0.49f);
  hi1[10] = 0.5f;  // cells 9 and 10 may round to 1
  lo0[20] = -5.0f;
  cell_kinds_row(lo0.data(), lo1.data(), hi0.data(), hi1.data(), kinds.data(), n);
  for (int j = 0; j < n; ++j) {
    EXPECT_EQ(kinds[static_cast<std::size_t>(j)], j == 9 || j == 10 ? 2 : 0) << j;
  }

  std::fill(lo0.begin(), lo0.end(), 254.5f);
  std::fill(lo1.begin(), lo1.end(), 254.5f);
  std::fill(hi0.begin(), hi0.end(), 400.0f);
  std::fill(hi1.begin(), hi1.end(), 400.0f);
  lo0[n] = 254.4f;  // the last cell's right corner
  cell_kinds_row(lo0.data(), lo1.data(), hi0.data(), hi1.data(), kinds.data(), n);
  for (int j = 0; j < n; ++j) EXPECT_EQ(kinds[static_cast<std::size_t>(j)], j == n - 1 ? 2 : 1) << j;
}

}  // namespace
}  // namespace fakecam::compose::kernels
