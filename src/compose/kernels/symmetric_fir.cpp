// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/symmetric_fir.hpp"

#include "common/cpu_features.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

// The 720p blur's small image is 320x180 pixels of four floats, filtered
// by 15 taps down and 15 across: 3.7 million multiply-adds a frame (the
// taps paired, symmetric). The
// vector builds keep four registers of sums over all the taps and store
// them once; plain loops summing a tap pair at a time over the row (even
// vectorized) cost 0.33 ms a frame where AVX-512 takes under a third of it
// (bench/compose BM_WeightedBlur).

namespace fakecam::compose::kernels {
namespace {

void fir_baseline(const float* centre, const float* const* before, const float* const* after, const float* taps,
                  int radius, float* out, int begin, int end) {
  for (int i = begin; i < end; ++i) {
    float sum = taps[0] * centre[i];
    for (int k = 1; k <= radius; ++k) sum += taps[k] * (before[k - 1][i] + after[k - 1][i]);
    out[i] = sum;
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
// Four sums by name, not an array: GCC kept an array of them on the stack.
__attribute__((target("avx2,fma"))) void fir_avx2(const float* centre, const float* const* before,
                                                  const float* const* after, const float* taps, int radius, float* out,
                                                  int begin, int end) {
  int i = begin;
  for (; i + 32 <= end; i += 32) {
    const __m256 t0 = _mm256_set1_ps(taps[0]);
    __m256 s0 = _mm256_mul_ps(t0, _mm256_loadu_ps(centre + i));
    __m256 s1 = _mm256_mul_ps(t0, _mm256_loadu_ps(centre + i + 8));
    __m256 s2 = _mm256_mul_ps(t0, _mm256_loadu_ps(centre + i + 16));
    __m256 s3 = _mm256_mul_ps(t0, _mm256_loadu_ps(centre + i + 24));
    for (int k = 1; k <= radius; ++k) {
      const __m256 t = _mm256_set1_ps(taps[k]);
      const float* b = before[k - 1] + i;
      const float* a = after[k - 1] + i;
      s0 = _mm256_fmadd_ps(t, _mm256_add_ps(_mm256_loadu_ps(b), _mm256_loadu_ps(a)), s0);
      s1 = _mm256_fmadd_ps(t, _mm256_add_ps(_mm256_loadu_ps(b + 8), _mm256_loadu_ps(a + 8)), s1);
      s2 = _mm256_fmadd_ps(t, _mm256_add_ps(_mm256_loadu_ps(b + 16), _mm256_loadu_ps(a + 16)), s2);
      s3 = _mm256_fmadd_ps(t, _mm256_add_ps(_mm256_loadu_ps(b + 24), _mm256_loadu_ps(a + 24)), s3);
    }
    _mm256_storeu_ps(out + i, s0);
    _mm256_storeu_ps(out + i + 8, s1);
    _mm256_storeu_ps(out + i + 16, s2);
    _mm256_storeu_ps(out + i + 24, s3);
  }
  for (; i + 8 <= end; i += 8) {
    __m256 s = _mm256_mul_ps(_mm256_set1_ps(taps[0]), _mm256_loadu_ps(centre + i));
    for (int k = 1; k <= radius; ++k) {
      const __m256 pair = _mm256_add_ps(_mm256_loadu_ps(before[k - 1] + i), _mm256_loadu_ps(after[k - 1] + i));
      s = _mm256_fmadd_ps(_mm256_set1_ps(taps[k]), pair, s);
    }
    _mm256_storeu_ps(out + i, s);
  }
  fir_baseline(centre, before, after, taps, radius, out, i, end);
}

__attribute__((target("avx512f"))) void fir_avx512(const float* centre, const float* const* before,
                                                   const float* const* after, const float* taps, int radius, float* out,
                                                   int begin, int end) {
  int i = begin;
  for (; i + 64 <= end; i += 64) {
    const __m512 t0 = _mm512_set1_ps(taps[0]);
    __m512 s0 = _mm512_mul_ps(t0, _mm512_loadu_ps(centre + i));
    __m512 s1 = _mm512_mul_ps(t0, _mm512_loadu_ps(centre + i + 16));
    __m512 s2 = _mm512_mul_ps(t0, _mm512_loadu_ps(centre + i + 32));
    __m512 s3 = _mm512_mul_ps(t0, _mm512_loadu_ps(centre + i + 48));
    for (int k = 1; k <= radius; ++k) {
      const __m512 t = _mm512_set1_ps(taps[k]);
      const float* b = before[k - 1] + i;
      const float* a = after[k - 1] + i;
      s0 = _mm512_fmadd_ps(t, _mm512_add_ps(_mm512_loadu_ps(b), _mm512_loadu_ps(a)), s0);
      s1 = _mm512_fmadd_ps(t, _mm512_add_ps(_mm512_loadu_ps(b + 16), _mm512_loadu_ps(a + 16)), s1);
      s2 = _mm512_fmadd_ps(t, _mm512_add_ps(_mm512_loadu_ps(b + 32), _mm512_loadu_ps(a + 32)), s2);
      s3 = _mm512_fmadd_ps(t, _mm512_add_ps(_mm512_loadu_ps(b + 48), _mm512_loadu_ps(a + 48)), s3);
    }
    _mm512_storeu_ps(out + i, s0);
    _mm512_storeu_ps(out + i + 16, s1);
    _mm512_storeu_ps(out + i + 32, s2);
    _mm512_storeu_ps(out + i + 48, s3);
  }
  // The last few vectors one at a time, the tail's floats masked.
  for (; i < end; i += 16) {
    const __mmask16 m = end - i >= 16 ? 0xffff : static_cast<__mmask16>((1u << (end - i)) - 1);
    __m512 s = _mm512_mul_ps(_mm512_set1_ps(taps[0]), _mm512_maskz_loadu_ps(m, centre + i));
    for (int k = 1; k <= radius; ++k) {
      const __m512 pair =
          _mm512_add_ps(_mm512_maskz_loadu_ps(m, before[k - 1] + i), _mm512_maskz_loadu_ps(m, after[k - 1] + i));
      s = _mm512_fmadd_ps(_mm512_set1_ps(taps[k]), pair, s);
    }
    _mm512_mask_storeu_ps(out + i, m, s);
  }
}
#endif

}  // namespace

void symmetric_fir_row(const float* centre, const float* const* before, const float* const* after, const float* taps,
                       int radius, float* out, int begin, int end, FirIsa isa) {
#if defined(__x86_64__) && defined(__GNUC__)
  const CpuFeatures& cpu = cpu_features();
  if (isa == FirIsa::best && cpu.avx512f) return fir_avx512(centre, before, after, taps, radius, out, begin, end);
  if (isa != FirIsa::baseline && cpu.avx2 && cpu.fma)
    return fir_avx2(centre, before, after, taps, radius, out, begin, end);
#endif
  (void)isa;
  fir_baseline(centre, before, after, taps, radius, out, begin, end);
}

}  // namespace fakecam::compose::kernels
