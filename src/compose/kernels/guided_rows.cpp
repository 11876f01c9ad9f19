// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/guided_rows.hpp"

#include "compose/kernels/clones.hpp"

// Compiled with -O3 and -fno-trapping-math (CMakeLists.txt): the clamps
// become min/max and every loop vectorizes. Built for AVX2 too (clones.hpp).

namespace fakecam::compose::kernels {

FAKECAM_KERNEL
void guide_products_row(float* __restrict p, const std::uint8_t* __restrict g, float offset, float scale,
                        float* __restrict i, float* __restrict ip, float* __restrict ii, int n) {
  for (int x = 0; x < n; ++x) {
    const float v = p[x];
    const float c = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;  // NaN -> 0
    const float guide = (static_cast<float>(g[x]) - offset) * scale;
    p[x] = c;
    i[x] = guide;
    ip[x] = guide * c;
    ii[x] = guide * guide;
  }
}

FAKECAM_KERNEL
void guided_fit_row(const float* __restrict mi, const float* __restrict mp, const float* __restrict mip,
                    const float* __restrict mii, float eps, float* __restrict a, float* __restrict b, int n) {
  for (int x = 0; x < n; ++x) {
    const float var = mii[x] - mi[x] * mi[x];
    const float cov = mip[x] - mi[x] * mp[x];
    const float slope = cov / (var + eps);
    a[x] = slope;
    b[x] = mp[x] - slope * mi[x];
  }
}

FAKECAM_KERNEL
void steady_fit_row(const float* __restrict mp, const float* __restrict prev_mp, const float* __restrict prev_a,
                    const float* __restrict prev_b, float rate, float still, float moving, float* __restrict a,
                    float* __restrict b, int n) {
  const float per_level = 1.0f / (moving - still);
  for (int x = 0; x < n; ++x) {
    const float moved = mp[x] > prev_mp[x] ? mp[x] - prev_mp[x] : prev_mp[x] - mp[x];
    const float u = (moved - still) * per_level;
    const float t = u > 0.0f ? (u < 1.0f ? u : 1.0f) : 0.0f;
    const float k = rate + (1.0f - rate) * t;
    a[x] = prev_a[x] + k * (a[x] - prev_a[x]);
    b[x] = prev_b[x] + k * (b[x] - prev_b[x]);
  }
}

FAKECAM_KERNEL
void fold_ramp_row(const float* __restrict a, const float* __restrict b, const float* __restrict i, float ramp_scale,
                   float ramp_offset, float a_factor, float guide_scale, float guide_offset, float* __restrict q,
                   float* __restrict out_a, float* __restrict out_b, float* __restrict lo, float* __restrict hi,
                   int n) {
  for (int x = 0; x < n; ++x) {
    const float fa = a[x] * ramp_scale;
    const float fb = b[x] * ramp_scale + ramp_offset;
    const float v = fa * i[x] + fb;
    q[x] = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;
    const float oa = fa * a_factor;
    const float ob = (fb - fa * guide_scale * guide_offset) * 255.0f;
    out_a[x] = oa;
    out_b[x] = ob;
    const float at_white = 255.0f * oa + ob;
    lo[x] = ob < at_white ? ob : at_white;
    hi[x] = ob < at_white ? at_white : ob;
  }
}

FAKECAM_KERNEL
void cell_kinds_row(const float* __restrict lo0, const float* __restrict lo1, const float* __restrict hi0,
                    const float* __restrict hi1, std::uint8_t* __restrict kinds, int n) {
  for (int j = 0; j < n; ++j) {
    const float l0 = lo0[j] < lo0[j + 1] ? lo0[j] : lo0[j + 1];
    const float l1 = lo1[j] < lo1[j + 1] ? lo1[j] : lo1[j + 1];
    const float h0 = hi0[j] > hi0[j + 1] ? hi0[j] : hi0[j + 1];
    const float h1 = hi1[j] > hi1[j + 1] ? hi1[j] : hi1[j + 1];
    const float cell_lo = l0 < l1 ? l0 : l1;
    const float cell_hi = h0 > h1 ? h0 : h1;
    // guided_row rounds v + 0.5 down and clamps: v < 0.5 gives 0, v >= 254.5 gives 255.
    kinds[j] = static_cast<std::uint8_t>(cell_hi < 0.5f ? 0 : cell_lo >= 254.5f ? 1 : 2);
  }
}

}  // namespace fakecam::compose::kernels
