// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/normalised_rows.hpp"

#include "common/cpu_features.hpp"
#include "compose/kernels/clones.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

// Compiled with -O3 and -fno-trapping-math (CMakeLists.txt): the clamps ahead
// of the float-to-int conversions become min/max and the loops vectorize.
// Built for AVX2 too (clones.hpp).

namespace fakecam::compose::kernels {
namespace {

inline float weight(std::uint8_t alpha, float min_weight) {
  const float background = static_cast<float>(255 - alpha) * (1.0f / 255.0f);
  return background < min_weight ? min_weight : background;
}

// Adding and taking away 1.5 * 2^23 leaves a float below 2^22 rounded to an
// integer in the current (nearest, ties to even) mode: cvRound's rounding,
// in any SIMD width.
inline std::uint8_t rounded_byte(float v) {
  constexpr float kRound = 12582912.0f;
  const float r = (v + kRound) - kRound;
  return static_cast<std::uint8_t>(static_cast<int>(r > 0.0f ? (r < 255.0f ? r : 255.0f) : 0.0f));
}

// Colour channel k of pixel x at c_k[kStep x]: 3 for interleaved pixels,
// 1 for planes.
template <int kStep>
inline void weigh(const std::uint8_t* __restrict c0, const std::uint8_t* __restrict c1,
                  const std::uint8_t* __restrict c2, const std::uint8_t* __restrict alpha, float min_weight,
                  float* __restrict out, std::ptrdiff_t stride, int n) {
  float* __restrict w0 = out;
  float* __restrict w1 = out + stride;
  float* __restrict w2 = out + 2 * stride;
  float* __restrict ww = out + 3 * stride;
  for (int x = 0; x < n; ++x) {
    const float w = weight(alpha[x], min_weight);
    w0[x] = static_cast<float>(c0[kStep * x]) * w;
    w1[x] = static_cast<float>(c1[kStep * x]) * w;
    w2[x] = static_cast<float>(c2[kStep * x]) * w;
    ww[x] = w;
  }
}

template <int kStep>
inline void unweigh(const float* __restrict weighted, std::ptrdiff_t stride, std::uint8_t* __restrict c0,
                    std::uint8_t* __restrict c1, std::uint8_t* __restrict c2, int n) {
  const float* __restrict w0 = weighted;
  const float* __restrict w1 = weighted + stride;
  const float* __restrict w2 = weighted + 2 * stride;
  const float* __restrict ww = weighted + 3 * stride;
  for (int x = 0; x < n; ++x) {
    const float inv = 1.0f / ww[x];
    c0[kStep * x] = rounded_byte(w0[x] * inv);
    c1[kStep * x] = rounded_byte(w1[x] * inv);
    c2[kStep * x] = rounded_byte(w2[x] * inv);
  }
}

FAKECAM_KERNEL
void unweigh_planes_plain(const float* weighted, std::ptrdiff_t stride, std::uint8_t* c0, std::uint8_t* c1,
                          std::uint8_t* c2, int n) {
  unweigh<1>(weighted, stride, c0, c1, c2, n);
}

#if defined(__x86_64__) && defined(__GNUC__)
// The conversion rounds half to even (the default MXCSR mode), as
// rounded_byte(); a min and the unsigned saturating packs (AVX2), or a max
// and the unsigned saturating narrowing (AVX-512), clamp to 0..255 as it does.
// The quotient is 1 / w, then a product, exactly as in unweigh().
__attribute__((target("avx2"))) void unweigh_planes_avx2(const float* weighted, std::ptrdiff_t stride, std::uint8_t* c0,
                                                         std::uint8_t* c1, std::uint8_t* c2, int n) {
  const float* ww = weighted + 3 * stride;
  std::uint8_t* out[3] = {c0, c1, c2};
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256i top = _mm256_set1_epi32(255);
  int x = 0;
  for (; x + 16 <= n; x += 16) {
    const __m256 inv0 = _mm256_div_ps(one, _mm256_loadu_ps(ww + x));
    const __m256 inv1 = _mm256_div_ps(one, _mm256_loadu_ps(ww + x + 8));
    for (int k = 0; k < 3; ++k) {
      const float* w = weighted + k * stride + x;
      // At most 255 first: the second pack reads its words as signed.
      const __m256i lo = _mm256_min_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(w), inv0)), top);
      const __m256i hi = _mm256_min_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(w + 8), inv1)), top);
      // Per 128-bit lane: lo 0-3, hi 0-3 | lo 4-7, hi 4-7; put in order.
      const __m256i words = _mm256_permute4x64_epi64(_mm256_packus_epi32(lo, hi), 0xD8);
      const __m256i bytes = _mm256_packus_epi16(words, words);  // each lane's 8 bytes, twice
      const __m256i both = _mm256_permute4x64_epi64(bytes, 0x08);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out[k] + x), _mm256_castsi256_si128(both));
    }
  }
  unweigh_planes_plain(weighted + x, stride, c0 + x, c1 + x, c2 + x, n - x);
}

__attribute__((target("avx512f"))) void unweigh_planes_avx512(const float* weighted, std::ptrdiff_t stride,
                                                              std::uint8_t* c0, std::uint8_t* c1, std::uint8_t* c2,
                                                              int n) {
  const float* ww = weighted + 3 * stride;
  std::uint8_t* out[3] = {c0, c1, c2};
  const __m512 one = _mm512_set1_ps(1.0f);
  const __m512i zero = _mm512_setzero_si512();
  for (int x = 0; x < n; x += 16) {
    const __mmask16 m = n - x >= 16 ? 0xffff : static_cast<__mmask16>((1u << (n - x)) - 1);
    // Masked-off lanes divide 1 by 1, not by garbage.
    const __m512 inv = _mm512_div_ps(one, _mm512_mask_loadu_ps(one, m, ww + x));
    for (int k = 0; k < 3; ++k) {
      const __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, weighted + k * stride + x), inv);
      // (The zero-masking forms: GCC 12 warns of the plain ones' undefined
      // pass-through vector.)
      const __m512i i = _mm512_maskz_max_epi32(m, _mm512_maskz_cvtps_epi32(m, v), zero);
      _mm512_mask_cvtusepi32_storeu_epi8(out[k] + x, m, i);
    }
  }
}
#endif

}  // namespace

FAKECAM_KERNEL
void weigh_row(const std::uint8_t* colour, const std::uint8_t* alpha, float min_weight, float* out,
               std::ptrdiff_t stride, int n) {
  weigh<3>(colour, colour + 1, colour + 2, alpha, min_weight, out, stride, n);
}

FAKECAM_KERNEL
void weigh_planes_row(const std::uint8_t* c0, const std::uint8_t* c1, const std::uint8_t* c2, const std::uint8_t* alpha,
                      float min_weight, float* out, std::ptrdiff_t stride, int n) {
  weigh<1>(c0, c1, c2, alpha, min_weight, out, stride, n);
}

FAKECAM_KERNEL
void unweigh_row(const float* weighted, std::ptrdiff_t stride, std::uint8_t* out, int n) {
  unweigh<3>(weighted, stride, out, out + 1, out + 2, n);
}

void unweigh_planes_row(const float* weighted, std::ptrdiff_t stride, std::uint8_t* c0, std::uint8_t* c1,
                        std::uint8_t* c2, int n, UnweighIsa isa) {
#if defined(__x86_64__) && defined(__GNUC__)
  const CpuFeatures& cpu = cpu_features();
  if (isa == UnweighIsa::best && cpu.avx512f) return unweigh_planes_avx512(weighted, stride, c0, c1, c2, n);
  if (isa != UnweighIsa::baseline && cpu.avx2) return unweigh_planes_avx2(weighted, stride, c0, c1, c2, n);
#endif
  (void)isa;
  unweigh_planes_plain(weighted, stride, c0, c1, c2, n);
}

}  // namespace fakecam::compose::kernels
