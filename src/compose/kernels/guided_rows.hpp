// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The edge refiner's per-pixel passes at the guide size (mask/edge_refiner.hpp
// has the filter), one row at a time. Each element's result depends on that
// element's inputs only, so the AVX2 and baseline builds give the same bits.

#include <cstdint>

namespace fakecam::compose::kernels {

// p[x] clamped to [0, 1] (NaN to 0), in place; i[x] = (g[x] - offset) *
// scale; ip[x] = i[x] p[x]; ii[x] = i[x]^2.
void guide_products_row(float* p, const std::uint8_t* g, float offset, float scale, float* i, float* ip, float* ii,
                        int n);

// The least-squares fit over each window: var = mii - mi^2, cov = mip -
// mi mp, a = cov / (var + eps), b = mp - a mi.
void guided_fit_row(const float* mi, const float* mp, const float* mip, const float* mii, float eps, float* a, float* b,
                    int n);

// a and b blended with the last frame's where the mask's window mean mp
// stayed put: rate k = rate + (1 - rate) t, t = clamp((|mp - prev_mp| -
// still) / (moving - still), 0, 1); a = prev_a + k (a - prev_a), b alike.
void steady_fit_row(const float* mp, const float* prev_mp, const float* prev_a, const float* prev_b, float rate,
                    float still, float moving, float* a, float* b, int n);

// The soft threshold folded into the coefficients and the result made
// 8-bit: with a' = a * ramp_scale, b' = b * ramp_scale + ramp_offset,
//   q[x] = clamp(a' i + b', 0, 1)            (alpha at the guide size)
//   out_a[x] = a' * a_factor                  (alpha * 255 = out_a g + out_b
//   out_b[x] = (b' - a' gs go) * 255           for the 8-bit guide g)
//   lo[x], hi[x] = the range of out_a g + out_b over g in [0, 255].
void fold_ramp_row(const float* a, const float* b, const float* i, float ramp_scale, float ramp_offset, float a_factor,
                   float guide_scale, float guide_offset, float* q, float* out_a, float* out_b, float* lo, float* hi,
                   int n);

// Per cell j between guide columns j, j + 1 and rows r, r + 1 (lo0/hi0 of
// row r, lo1/hi1 of row r + 1, n + 1 columns each): 0 when alpha rounds to 0
// for every grey level anywhere in the cell, 1 when to 255, 2 otherwise.
void cell_kinds_row(const float* lo0, const float* lo1, const float* hi0, const float* hi1, std::uint8_t* kinds, int n);

}  // namespace fakecam::compose::kernels
