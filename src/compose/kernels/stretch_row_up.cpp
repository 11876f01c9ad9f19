// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/stretch_row_up.hpp"

#include "common/cpu_features.hpp"
#include "compose/kernels/kernels.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace fakecam::compose::kernels {
namespace {

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2"))) void stretch_row_up_avx2(const float* src, const int* x0, const float* w, float* out,
                                                         int n) {
  const __m256i one = _mm256_set1_epi32(1);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    const int base = x0[i];
    if (x0[i + 7] - base > 6) {  // shrinking here: the next element would not be in the load
      stretch_row_f32(src, x0 + i, w + i, out + i, 8);
      continue;
    }
    const __m256 v = _mm256_loadu_ps(src + base);
    const __m256i at =
        _mm256_sub_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x0 + i)), _mm256_set1_epi32(base));
    const __m256 a = _mm256_permutevar8x32_ps(v, at);
    const __m256 b = _mm256_permutevar8x32_ps(v, _mm256_add_epi32(at, one));
    // a + (b - a) w, unfused, as stretch_row_f32 (the same floats).
    _mm256_storeu_ps(out + i, _mm256_add_ps(a, _mm256_mul_ps(_mm256_sub_ps(b, a), _mm256_loadu_ps(w + i))));
  }
  if (i < n) stretch_row_f32(src, x0 + i, w + i, out + i, n - i);
}

bool avx2_available() { return cpu_features().avx2; }
#endif

}  // namespace

void stretch_row_up_f32(const float* src, const int* x0, const float* w, float* out, int n, StretchIsa isa) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (isa == StretchIsa::best && avx2_available()) {
    stretch_row_up_avx2(src, x0, w, out, n);
    return;
  }
#endif
  (void)isa;
  stretch_row_f32(src, x0, w, out, n);
}

}  // namespace fakecam::compose::kernels
