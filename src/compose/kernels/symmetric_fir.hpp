// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One row of a symmetric filter, the blur background's small Gaussian
// (weighted_blur.hpp): down the columns, the rows above and below are the
// taps' samples; across a row, the same row shifted by whole pixels.

namespace fakecam::compose::kernels {

// Which build runs: the widest this CPU has (AVX-512, else AVX2 + FMA, else
// the baseline), or a narrower one (for the tests, which run them all).
enum class FirIsa { best, avx2, baseline };

// out[i] = taps[0] centre[i] + sum over k = 1..radius of
// taps[k] (before[k - 1][i] + after[k - 1][i]), for begin <= i < end. The
// AVX builds fuse each multiply-add (the sums may differ from the
// baseline's in the last bits).
void symmetric_fir_row(const float* centre, const float* const* before, const float* const* after, const float* taps,
                       int radius, float* out, int begin, int end, FirIsa isa = FirIsa::best);

}  // namespace fakecam::compose::kernels
