// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// kernels::stretch_row_f32 for a row made longer (the portrait light's gain,
// 320 guide columns to 1280 frame columns): there 8 consecutive outputs read
// from at most 8 consecutive inputs, so AVX2 does the gather as one load and
// two in-register permutes (vpermps) instead of two gathers. Picked at run
// time; without AVX2 (or with Isa::baseline) it is stretch_row_f32.

namespace fakecam::compose::kernels {

enum class StretchIsa { best, baseline };

// out[i] = src[x0[i]] + (src[x0[i] + 1] - src[x0[i]]) * w[i], x0
// non-decreasing. src must have 8 readable elements after the last x0.
void stretch_row_up_f32(const float* src, const int* x0, const float* w, float* out, int n,
                        StretchIsa isa = StretchIsa::best);

}  // namespace fakecam::compose::kernels
