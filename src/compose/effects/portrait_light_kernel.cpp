// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/portrait_light_kernel.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "common/cpu_features.hpp"

namespace fakecam::compose::light {
namespace {

// The loops are written for the vectorizer (compiled with -O3, see
// CMakeLists.txt): plain element-wise arithmetic, 16-bit lanes where the
// values fit. Inlined into one function per instruction set below.

// The full formula for n pixels (n a constant where it matters: the
// vectorizer unrolls it).
[[gnu::always_inline]] inline void gain_span(const GainRows& rows, const std::uint8_t* __restrict alpha, float dim,
                                             std::uint16_t* __restrict gain, int from, int n) {
  const float w1 = rows.w1;
  for (int k = 0; k < n; ++k) {
    const int i = from + k;
    const float d = rows.gain0[i] + w1 * (rows.gain1[i] - rows.gain0[i]);
    const int c = rows.x0[i];
    const float r0 = rows.ratio0[c] + rows.xw[i] * (rows.ratio0[c + 1] - rows.ratio0[c]);
    const float r1 = rows.ratio1[c] + rows.xw[i] * (rows.ratio1[c + 1] - rows.ratio1[c]);
    const float r = r0 + w1 * (r1 - r0);
    const float a = static_cast<float>(alpha[i]) * (1.0f / 255.0f);
    const float share = a * r / (1.0f + a * (r - 1.0f));
    // dim + d s lies in [kMinGain, kMaxGain] * 512 (positive): + 0.5 rounds.
    gain[k] = static_cast<std::uint16_t>(static_cast<int>(dim + d * share + 0.5f));
  }
}

// Pure person (alpha 255: the share is 1) and pure background (0: the dim
// alone) are most of a frame and skip the share, 16 pixels at a time.
constexpr int kBlock = 16;

[[gnu::always_inline]] inline void gain_row_impl(const GainRows& rows, const std::uint8_t* __restrict alpha, int dim_q9,
                                                 std::uint16_t* __restrict gain, std::uint16_t* __restrict gain3,
                                                 int width) {
  const float w1 = rows.w1, dim = static_cast<float>(dim_q9);
  const auto dim_u16 = static_cast<std::uint16_t>(dim_q9);
  int x = 0;
  for (; x + kBlock <= width; x += kBlock) {
    std::uint64_t lo, hi;
    std::memcpy(&lo, alpha + x, 8);
    std::memcpy(&hi, alpha + x + 8, 8);
    std::uint16_t* g = gain + x;
    if ((lo | hi) == 0) {
      for (int k = 0; k < kBlock; ++k) g[k] = dim_u16;
    } else if ((lo & hi) == ~std::uint64_t{0}) {
      for (int k = 0; k < kBlock; ++k) {
        const float d = rows.gain0[x + k] + w1 * (rows.gain1[x + k] - rows.gain0[x + k]);
        g[k] = static_cast<std::uint16_t>(static_cast<int>(dim + d + 0.5f));
      }
    } else {
      gain_span(rows, alpha, dim, g, x, kBlock);
    }
  }
  for (; x < width; ++x) gain_span(rows, alpha, dim, gain + x, x, 1);
  if (gain3 == nullptr) return;
  for (int i = 0; i < width; ++i) {
    const std::uint16_t g = gain[i];
    gain3[3 * i] = g;
    gain3[3 * i + 1] = g;
    gain3[3 * i + 2] = g;
  }
}

// p * g / 512 rounded to nearest, as (p * 64 * g + 2^14) >> 15: 16-bit lanes
// and a rounding high-half multiply (p * 64 < 2^14, g < 2^12; AVX2's
// vpmulhrsw). The result is at most 1019 before saturating.
[[gnu::always_inline]] inline std::uint8_t scaled(std::uint16_t p, std::uint16_t g) {
  const auto x = static_cast<std::int16_t>(p << 6);
  const auto v = static_cast<std::int16_t>((x * static_cast<std::int16_t>(g) + (1 << 14)) >> 15);
  return static_cast<std::uint8_t>(v > 255 ? 255 : v);
}

[[gnu::always_inline]] inline void scale_row_impl(std::uint8_t* __restrict p, const std::uint16_t* __restrict gain3,
                                                  int n) {
  for (int i = 0; i < n; ++i) p[i] = scaled(p[i], gain3[i]);
}

// kernels::blend_u8's arithmetic (kernels.cpp), then scaled().
[[gnu::always_inline]] inline void blend_scale_row_impl(const std::uint8_t* fg, const std::uint8_t* bg,
                                                        const std::uint8_t* __restrict alpha3,
                                                        const std::uint16_t* __restrict gain3, std::uint8_t* out,
                                                        int n) {
  for (int i = 0; i < n; ++i) {
    const std::uint16_t a = alpha3[i];
    const auto x = static_cast<std::uint16_t>(fg[i] * a + bg[i] * static_cast<std::uint16_t>(255 - a) + 128);
    out[i] = scaled(static_cast<std::uint16_t>((x + (x >> 8)) >> 8), gain3[i]);
  }
}

// scaled() about the level `zero`: zero + round((p - zero) g / 512) as
// zero + (((p - zero) * 64 * g + 2^14) >> 15), clamped. (p - zero) * 64 lies
// in [-8192, 15296]: the same 16-bit lanes and rounding high-half multiply.
[[gnu::always_inline]] inline std::uint8_t scaled_about(int p, std::uint16_t g, int zero, int lo, int hi) {
  const auto x = static_cast<std::int16_t>((p - zero) * 64);
  const int v = zero + ((x * static_cast<std::int16_t>(g) + (1 << 14)) >> 15);
  return static_cast<std::uint8_t>(v < lo ? lo : v > hi ? hi : v);
}

[[gnu::always_inline]] inline void scale_yuv_row_impl(std::uint8_t* __restrict p, const std::uint16_t* __restrict gain,
                                                      YuvLevels l, int n) {
  for (int i = 0; i < n; ++i) p[i] = scaled_about(p[i], gain[i], l.zero, l.lo, l.hi);
}

[[gnu::always_inline]] inline void blend_scale_yuv_row_impl(const std::uint8_t* fg, const std::uint8_t* bg,
                                                            const std::uint8_t* __restrict alpha,
                                                            const std::uint16_t* __restrict gain, YuvLevels l,
                                                            std::uint8_t* out, int n) {
  for (int i = 0; i < n; ++i) {
    const std::uint16_t a = alpha[i];
    const auto x = static_cast<std::uint16_t>(fg[i] * a + bg[i] * static_cast<std::uint16_t>(255 - a) + 128);
    out[i] = scaled_about((x + (x >> 8)) >> 8, gain[i], l.zero, l.lo, l.hi);
  }
}

[[gnu::always_inline]] inline void chroma_gain_row_impl(const std::uint16_t* __restrict g0,
                                                        const std::uint16_t* __restrict g1,
                                                        std::uint16_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    out[i] = static_cast<std::uint16_t>((g0[2 * i] + g0[2 * i + 1] + g1[2 * i] + g1[2 * i + 1] + 2) >> 2);
  }
}

// One chroma row's gains as gain_row twice and chroma_gain_row: the
// baseline's way (the AVX2 build does it in one pass, bit-exact).
[[gnu::always_inline]] inline void yuv_gain_rows_impl(const GainRows& top, const GainRows& bottom,
                                                      const std::uint8_t* alpha0, const std::uint8_t* alpha1,
                                                      int dim_q9, std::uint16_t* luma0, std::uint16_t* luma1,
                                                      std::uint16_t* chroma, int width) {
  gain_row_impl(top, alpha0, dim_q9, luma0, nullptr, width);
  gain_row_impl(bottom, alpha1, dim_q9, luma1, nullptr, width);
  chroma_gain_row_impl(luma0, luma1, chroma, width / 2);
}

#if defined(__x86_64__) && defined(__GNUC__)
// The AVX2 multiply by hand: GCC widens scaled()'s product to 32-bit lanes
// (vpmulld, twice the instructions and four times the unpacking) where
// vpmulhrsw does (x * g + 2^14) >> 15 in 16-bit lanes, exactly scaled()'s
// arithmetic. 16 bytes per half: the widening loads keep the lanes in order.
__attribute__((target("avx2"))) inline __m256i scaled_avx2(__m256i p16, const std::uint16_t* gain3) {
  const __m256i g = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(gain3));
  return _mm256_mulhrs_epi16(_mm256_slli_epi16(p16, 6), g);
}

__attribute__((target("avx2"))) inline __m256i load_u8x16(const std::uint8_t* p) {
  return _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// Two vectors of 16 values (at most 1019) to 32 saturated bytes, in order.
__attribute__((target("avx2"))) inline void store_u8x32(std::uint8_t* out, __m256i lo, __m256i hi) {
  const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi16(lo, hi), 0xD8);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), packed);
}

__attribute__((target("avx2"))) void scale_row_avx2(std::uint8_t* p, const std::uint16_t* gain3, int n) {
  int i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i lo = scaled_avx2(load_u8x16(p + i), gain3 + i);
    const __m256i hi = scaled_avx2(load_u8x16(p + i + 16), gain3 + i + 16);
    store_u8x32(p + i, lo, hi);
  }
  scale_row_impl(p + i, gain3 + i, n - i);
}

// kernels::blend_u8 on 16 values: fg a + bg (255 - a) + 128, divided by 255.
__attribute__((target("avx2"))) inline __m256i blend_avx2(const std::uint8_t* fg, const std::uint8_t* bg,
                                                          const std::uint8_t* alpha3) {
  const __m256i a = load_u8x16(alpha3);
  const __m256i b = _mm256_sub_epi16(_mm256_set1_epi16(255), a);
  __m256i x = _mm256_add_epi16(_mm256_mullo_epi16(load_u8x16(fg), a), _mm256_mullo_epi16(load_u8x16(bg), b));
  x = _mm256_add_epi16(x, _mm256_set1_epi16(128));
  return _mm256_srli_epi16(_mm256_add_epi16(x, _mm256_srli_epi16(x, 8)), 8);
}

__attribute__((target("avx2"))) void blend_scale_row_avx2(const std::uint8_t* fg, const std::uint8_t* bg,
                                                          const std::uint8_t* alpha3, const std::uint16_t* gain3,
                                                          std::uint8_t* out, int n) {
  int i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i lo = scaled_avx2(blend_avx2(fg + i, bg + i, alpha3 + i), gain3 + i);
    const __m256i hi = scaled_avx2(blend_avx2(fg + i + 16, bg + i + 16, alpha3 + i + 16), gain3 + i + 16);
    store_u8x32(out + i, lo, hi);
  }
  blend_scale_row_impl(fg + i, bg + i, alpha3 + i, gain3 + i, out + i, n - i);
}
// scaled_about() on 16 values (16-bit lanes, at most 255): the same
// vpmulhrsw, about `zero`, then clamped (signed: a gain below 1 takes chroma
// under 128, one above it may take luma past 255 before the clamp).
struct YuvLevelsAvx2 {
  __m256i zero, lo, hi;
};

__attribute__((target("avx2"))) inline YuvLevelsAvx2 levels_avx2(const YuvLevels& l) {
  return {_mm256_set1_epi16(static_cast<std::int16_t>(l.zero)), _mm256_set1_epi16(static_cast<std::int16_t>(l.lo)),
          _mm256_set1_epi16(static_cast<std::int16_t>(l.hi))};
}

__attribute__((target("avx2"))) inline __m256i scaled_about_avx2(__m256i p16, const std::uint16_t* gain,
                                                                 const YuvLevelsAvx2& l) {
  const __m256i g = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(gain));
  const __m256i d = _mm256_slli_epi16(_mm256_sub_epi16(p16, l.zero), 6);
  const __m256i v = _mm256_add_epi16(_mm256_mulhrs_epi16(d, g), l.zero);
  return _mm256_min_epi16(_mm256_max_epi16(v, l.lo), l.hi);
}

__attribute__((target("avx2"))) void scale_yuv_row_avx2(std::uint8_t* p, const std::uint16_t* gain,
                                                        const YuvLevels& levels, int n) {
  const YuvLevelsAvx2 l = levels_avx2(levels);
  int i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i lo = scaled_about_avx2(load_u8x16(p + i), gain + i, l);
    const __m256i hi = scaled_about_avx2(load_u8x16(p + i + 16), gain + i + 16, l);
    store_u8x32(p + i, lo, hi);
  }
  scale_yuv_row_impl(p + i, gain + i, levels, n - i);
}

__attribute__((target("avx2"))) void blend_scale_yuv_row_avx2(const std::uint8_t* fg, const std::uint8_t* bg,
                                                              const std::uint8_t* alpha, const std::uint16_t* gain,
                                                              const YuvLevels& levels, std::uint8_t* out, int n) {
  const YuvLevelsAvx2 l = levels_avx2(levels);
  const __m256i ones = _mm256_set1_epi8(-1);
  int i = 0;
  for (; i + 32 <= n; i += 32) {
    // Most blocks are all person or all background: the blend of those is
    // the frame's or the background's value exactly, so only the light is
    // left to do (about half the work of a mixed block).
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(alpha + i));
    __m256i lo, hi;
    if (_mm256_testz_si256(a, a) != 0) {
      lo = scaled_about_avx2(load_u8x16(bg + i), gain + i, l);
      hi = scaled_about_avx2(load_u8x16(bg + i + 16), gain + i + 16, l);
    } else if (_mm256_testc_si256(a, ones) != 0) {
      lo = scaled_about_avx2(load_u8x16(fg + i), gain + i, l);
      hi = scaled_about_avx2(load_u8x16(fg + i + 16), gain + i + 16, l);
    } else {
      lo = scaled_about_avx2(blend_avx2(fg + i, bg + i, alpha + i), gain + i, l);
      hi = scaled_about_avx2(blend_avx2(fg + i + 16, bg + i + 16, alpha + i + 16), gain + i + 16, l);
    }
    store_u8x32(out + i, lo, hi);
  }
  blend_scale_yuv_row_impl(fg + i, bg + i, alpha + i, gain + i, levels, out + i, n - i);
}

// 8 chroma gains from 16 gains of each row, a and b: the pairs summed by
// vpmaddwd against ones (32-bit lanes, in order), the two rows added and
// rounded.
__attribute__((target("avx2"))) inline __m256i chroma_gain8_of(__m256i a, __m256i b) {
  const __m256i ones = _mm256_set1_epi16(1);
  const __m256i s = _mm256_add_epi32(_mm256_madd_epi16(a, ones), _mm256_madd_epi16(b, ones));
  return _mm256_srli_epi32(_mm256_add_epi32(s, _mm256_set1_epi32(2)), 2);
}

__attribute__((target("avx2"))) inline __m256i chroma_gain8_avx2(const std::uint16_t* g0, const std::uint16_t* g1) {
  return chroma_gain8_of(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(g0)),
                         _mm256_loadu_si256(reinterpret_cast<const __m256i*>(g1)));
}

__attribute__((target("avx2"))) void chroma_gain_row_avx2(const std::uint16_t* g0, const std::uint16_t* g1,
                                                          std::uint16_t* out, int n) {
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i lo = chroma_gain8_avx2(g0 + 2 * i, g1 + 2 * i);
    const __m256i hi = chroma_gain8_avx2(g0 + 2 * i + 16, g1 + 2 * i + 16);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                        _mm256_permute4x64_epi64(_mm256_packus_epi32(lo, hi), 0xD8));
  }
  chroma_gain_row_impl(g0 + 2 * i, g1 + 2 * i, out + i, n - i);
}

// 16 gains to their 48 per-channel copies, in registers: each output
// vector takes its six gains from one 128-bit half broadcast to both lanes
// (or from both halves in place, for the middle one) through a byte shuffle.
__attribute__((target("avx2"))) inline void store_tripled(std::uint16_t* out, __m256i g) {
  // Bytes of gain k within its lane: 2k, 2k + 1.
#define FAKECAM_G(k) static_cast<char>(2 * (k)), static_cast<char>(2 * (k) + 1)
  const __m256i first = _mm256_setr_epi8(
      FAKECAM_G(0), FAKECAM_G(0), FAKECAM_G(0), FAKECAM_G(1), FAKECAM_G(1), FAKECAM_G(1), FAKECAM_G(2), FAKECAM_G(2),
      FAKECAM_G(2), FAKECAM_G(3), FAKECAM_G(3), FAKECAM_G(3), FAKECAM_G(4), FAKECAM_G(4), FAKECAM_G(4), FAKECAM_G(5));
  const __m256i middle = _mm256_setr_epi8(
      FAKECAM_G(5), FAKECAM_G(5), FAKECAM_G(6), FAKECAM_G(6), FAKECAM_G(6), FAKECAM_G(7), FAKECAM_G(7), FAKECAM_G(7),
      FAKECAM_G(0), FAKECAM_G(0), FAKECAM_G(0), FAKECAM_G(1), FAKECAM_G(1), FAKECAM_G(1), FAKECAM_G(2), FAKECAM_G(2));
  const __m256i last = _mm256_setr_epi8(
      FAKECAM_G(2), FAKECAM_G(3), FAKECAM_G(3), FAKECAM_G(3), FAKECAM_G(4), FAKECAM_G(4), FAKECAM_G(4), FAKECAM_G(5),
      FAKECAM_G(5), FAKECAM_G(5), FAKECAM_G(6), FAKECAM_G(6), FAKECAM_G(6), FAKECAM_G(7), FAKECAM_G(7), FAKECAM_G(7));
#undef FAKECAM_G
  const __m256i low = _mm256_permute2x128_si256(g, g, 0x00), high = _mm256_permute2x128_si256(g, g, 0x11);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm256_shuffle_epi8(low, first));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 16), _mm256_shuffle_epi8(g, middle));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 32), _mm256_shuffle_epi8(high, last));
}

// The pure person's gain for 8 pixels from i: round(dim + d0 + w1 (d1 - d0)),
// as int32, in gain_span's float operations and order.
__attribute__((target("avx2"))) inline __m256i person_gain8(const GainRows& rows, int i, __m256 w1, __m256 base) {
  const __m256 g0 = _mm256_loadu_ps(rows.gain0 + i), g1 = _mm256_loadu_ps(rows.gain1 + i);
  const __m256 d = _mm256_add_ps(g0, _mm256_mul_ps(w1, _mm256_sub_ps(g1, g0)));
  return _mm256_cvttps_epi32(_mm256_add_ps(_mm256_add_ps(base, d), _mm256_set1_ps(0.5f)));
}

// ratio[c] + xw (ratio[c + 1] - ratio[c]) for 8 columns c from `first`,
// the first of them. When they span at most 7 columns (any upscale of 8/7
// or more: the light's grid is 1/8 of a 720p frame) both neighbours come
// from one 8-wide load by a lane permute; else gathered (a gather was most
// of an edge block's time).
__attribute__((target("avx2"))) inline __m256 column_mix8(const float* ratio, __m256i c, int first, bool near,
                                                          __m256 xw) {
  __m256 left, right;
  if (near) {
    const __m256 window = _mm256_loadu_ps(ratio + first);
    const __m256i k = _mm256_sub_epi32(c, _mm256_set1_epi32(first));
    left = _mm256_permutevar8x32_ps(window, k);
    right = _mm256_permutevar8x32_ps(window, _mm256_add_epi32(k, _mm256_set1_epi32(1)));
  } else {
    left = _mm256_i32gather_ps(ratio, c, 4);
    right = _mm256_i32gather_ps(ratio + 1, c, 4);
  }
  return _mm256_add_ps(left, _mm256_mul_ps(xw, _mm256_sub_ps(right, left)));
}

// gain_span() for 8 pixels from i, as int32: the same float operations in
// the same order (no FMA in this build: bit-exact with the baseline's), the
// guide-size ratio's two columns gathered. An edge block took ~40 % of the
// row's time in the vectorizer's 4-lane version of it.
__attribute__((target("avx2"))) inline __m256i edge_gain8(const GainRows& rows, const std::uint8_t* alpha, int i,
                                                          __m256 w1, __m256 base) {
  const __m256 d =
      _mm256_add_ps(_mm256_loadu_ps(rows.gain0 + i),
                    _mm256_mul_ps(w1, _mm256_sub_ps(_mm256_loadu_ps(rows.gain1 + i), _mm256_loadu_ps(rows.gain0 + i))));
  const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(rows.x0 + i));
  const __m256 xw = _mm256_loadu_ps(rows.xw + i);
  const int first = rows.x0[i];
  const bool near = rows.x0[i + 7] - first <= 6;
  const __m256 r0 = column_mix8(rows.ratio0, c, first, near, xw), r1 = column_mix8(rows.ratio1, c, first, near, xw);
  const __m256 r = _mm256_add_ps(r0, _mm256_mul_ps(w1, _mm256_sub_ps(r1, r0)));
  const __m256i a8 = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(alpha + i)));
  const __m256 a = _mm256_mul_ps(_mm256_cvtepi32_ps(a8), _mm256_set1_ps(1.0f / 255.0f));
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 share = _mm256_div_ps(_mm256_mul_ps(a, r), _mm256_add_ps(one, _mm256_mul_ps(a, _mm256_sub_ps(r, one))));
  return _mm256_cvttps_epi32(_mm256_add_ps(_mm256_add_ps(base, _mm256_mul_ps(d, share)), _mm256_set1_ps(0.5f)));
}

// 16 gains of one row from column x: gain_row_impl's arithmetic, the pure
// person and background blocks by hand (the same float operations in the
// same order: bit-exact with the baseline build).
__attribute__((target("avx2"))) inline __m256i gain16_avx2(const GainRows& rows, const std::uint8_t* alpha, int x,
                                                           __m256 w1, __m256 base, __m256i dim16) {
  const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(alpha + x));
  if (_mm_testc_si128(_mm_setzero_si128(), a) != 0) return dim16;  // a == 0
  if (_mm_testc_si128(a, _mm_set1_epi8(-1)) != 0) {                // a == 255
    return _mm256_permute4x64_epi64(
        _mm256_packus_epi32(person_gain8(rows, x, w1, base), person_gain8(rows, x + 8, w1, base)), 0xD8);
  }
  return _mm256_permute4x64_epi64(
      _mm256_packus_epi32(edge_gain8(rows, alpha, x, w1, base), edge_gain8(rows, alpha, x + 8, w1, base)), 0xD8);
}

// gain_row_impl's result 16 pixels at a time, the triple in registers.
__attribute__((target("avx2"))) void gain_row_avx2(const GainRows& rows, const std::uint8_t* alpha, int dim_q9,
                                                   std::uint16_t* gain, std::uint16_t* gain3, int width) {
  const float dim = static_cast<float>(dim_q9);
  const __m256 w1 = _mm256_set1_ps(rows.w1), base = _mm256_set1_ps(dim);
  const __m256i dim16 = _mm256_set1_epi16(static_cast<std::int16_t>(dim_q9));
  int x = 0;
  for (; x + kBlock <= width; x += kBlock) {
    const __m256i g = gain16_avx2(rows, alpha, x, w1, base, dim16);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(gain + x), g);
    if (gain3 != nullptr) store_tripled(gain3 + 3 * x, g);
  }
  for (; x < width; ++x) {
    gain_span(rows, alpha, dim, gain + x, x, 1);
    if (gain3 != nullptr) gain3[3 * x] = gain3[3 * x + 1] = gain3[3 * x + 2] = gain[x];
  }
}

// The same fields from frame column x on (the ratio is indexed by x0's
// values, so it stays).
GainRows from_column(const GainRows& rows, int x) {
  return {rows.gain0 + x, rows.gain1 + x, rows.ratio0, rows.ratio1, rows.w1, rows.x0 + x, rows.xw + x};
}

// Both luma rows and their chroma row in one pass, 32 columns at a time:
// where the two rows' 32 alphas are all background (most of a frame) the
// three rows are the dim alone, with no per-row block tests and no chroma
// pass re-reading the luma gains.
__attribute__((target("avx2"))) void yuv_gain_rows_avx2(const GainRows& top, const GainRows& bottom,
                                                        const std::uint8_t* alpha0, const std::uint8_t* alpha1,
                                                        int dim_q9, std::uint16_t* luma0, std::uint16_t* luma1,
                                                        std::uint16_t* chroma, int width) {
  const __m256 w_top = _mm256_set1_ps(top.w1), w_bottom = _mm256_set1_ps(bottom.w1);
  const __m256 base = _mm256_set1_ps(static_cast<float>(dim_q9));
  const __m256i dim16 = _mm256_set1_epi16(static_cast<std::int16_t>(dim_q9));
  int x = 0;
  for (; x + 32 <= width; x += 32) {
    const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(alpha0 + x));
    const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(alpha1 + x));
    auto* l0 = reinterpret_cast<__m256i*>(luma0 + x);
    auto* l1 = reinterpret_cast<__m256i*>(luma1 + x);
    auto* c = reinterpret_cast<__m256i*>(chroma + x / 2);
    if (_mm256_testz_si256(_mm256_or_si256(a0, a1), _mm256_set1_epi8(-1)) != 0) {
      _mm256_storeu_si256(l0, dim16);
      _mm256_storeu_si256(l0 + 1, dim16);
      _mm256_storeu_si256(l1, dim16);
      _mm256_storeu_si256(l1 + 1, dim16);
      _mm256_storeu_si256(c, dim16);
      continue;
    }
    const __m256i g00 = gain16_avx2(top, alpha0, x, w_top, base, dim16);
    const __m256i g01 = gain16_avx2(top, alpha0, x + 16, w_top, base, dim16);
    const __m256i g10 = gain16_avx2(bottom, alpha1, x, w_bottom, base, dim16);
    const __m256i g11 = gain16_avx2(bottom, alpha1, x + 16, w_bottom, base, dim16);
    _mm256_storeu_si256(l0, g00);
    _mm256_storeu_si256(l0 + 1, g01);
    _mm256_storeu_si256(l1, g10);
    _mm256_storeu_si256(l1 + 1, g11);
    _mm256_storeu_si256(
        c, _mm256_permute4x64_epi64(_mm256_packus_epi32(chroma_gain8_of(g00, g10), chroma_gain8_of(g01, g11)), 0xD8));
  }
  if (x < width) {  // the last (fewer than 32) columns, as gain_row makes them
    gain_row_avx2(from_column(top, x), alpha0 + x, dim_q9, luma0 + x, nullptr, width - x);
    gain_row_avx2(from_column(bottom, x), alpha1 + x, dim_q9, luma1 + x, nullptr, width - x);
    chroma_gain_row_impl(luma0 + x, luma1 + x, chroma + x / 2, width / 2 - x / 2);
  }
}

// blend_scale_yuv_row_avx2 with twice the lanes (AVX-512BW: 32 16-bit
// lanes), 64 samples a step: the same arithmetic, bit-exact.
#define FAKECAM_AVX512 __attribute__((target("avx512f,avx512bw")))
struct YuvLevelsAvx512 {
  __m512i zero, lo, hi;
};

FAKECAM_AVX512 inline __m512i load_u8x32_512(const std::uint8_t* p) {
  return _mm512_cvtepu8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

FAKECAM_AVX512 inline __m512i scaled_about_512(__m512i p16, const std::uint16_t* gain, const YuvLevelsAvx512& l) {
  const __m512i g = _mm512_loadu_si512(gain);
  const __m512i d = _mm512_slli_epi16(_mm512_sub_epi16(p16, l.zero), 6);
  const __m512i v = _mm512_add_epi16(_mm512_mulhrs_epi16(d, g), l.zero);
  return _mm512_min_epi16(_mm512_max_epi16(v, l.lo), l.hi);
}

FAKECAM_AVX512 inline __m512i blend_512(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha) {
  const __m512i a = load_u8x32_512(alpha);
  const __m512i b = _mm512_sub_epi16(_mm512_set1_epi16(255), a);
  __m512i x = _mm512_add_epi16(_mm512_mullo_epi16(load_u8x32_512(fg), a), _mm512_mullo_epi16(load_u8x32_512(bg), b));
  x = _mm512_add_epi16(x, _mm512_set1_epi16(128));
  return _mm512_srli_epi16(_mm512_add_epi16(x, _mm512_srli_epi16(x, 8)), 8);
}

// Two vectors of 32 values (0..255) to 64 bytes, in order: packed per
// 128-bit lane, then the lanes' quadwords put back in order. (The maskz
// form with every lane kept: GCC 12's unmasked one passes an undefined
// vector that -Wmaybe-uninitialized flags, GCC bug 105593.)
FAKECAM_AVX512 inline void store_u8x64_512(std::uint8_t* out, __m512i lo, __m512i hi) {
  const __m512i order = _mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7);
  _mm512_storeu_si512(out, _mm512_maskz_permutexvar_epi64(0xFF, order, _mm512_packus_epi16(lo, hi)));
}

FAKECAM_AVX512 void blend_scale_yuv_row_avx512(const std::uint8_t* fg, const std::uint8_t* bg,
                                               const std::uint8_t* alpha, const std::uint16_t* gain,
                                               const YuvLevels& levels, std::uint8_t* out, int n) {
  const YuvLevelsAvx512 l{_mm512_set1_epi16(static_cast<std::int16_t>(levels.zero)),
                          _mm512_set1_epi16(static_cast<std::int16_t>(levels.lo)),
                          _mm512_set1_epi16(static_cast<std::int16_t>(levels.hi))};
  int i = 0;
  for (; i + 64 <= n; i += 64) {
    // As the AVX2 build: a block all background or all person needs no blend.
    const __m512i a = _mm512_loadu_si512(alpha + i);
    const __mmask64 some = _mm512_test_epi8_mask(a, a);
    __m512i lo, hi;
    if (some == 0) {
      lo = scaled_about_512(load_u8x32_512(bg + i), gain + i, l);
      hi = scaled_about_512(load_u8x32_512(bg + i + 32), gain + i + 32, l);
    } else if (_mm512_cmpeq_epi8_mask(a, _mm512_set1_epi8(-1)) == ~__mmask64{0}) {
      lo = scaled_about_512(load_u8x32_512(fg + i), gain + i, l);
      hi = scaled_about_512(load_u8x32_512(fg + i + 32), gain + i + 32, l);
    } else {
      lo = scaled_about_512(blend_512(fg + i, bg + i, alpha + i), gain + i, l);
      hi = scaled_about_512(blend_512(fg + i + 32, bg + i + 32, alpha + i + 32), gain + i + 32, l);
    }
    store_u8x64_512(out + i, lo, hi);
  }
  blend_scale_yuv_row_avx2(fg + i, bg + i, alpha + i, gain + i, levels, out + i, n - i);
}
#undef FAKECAM_AVX512
#endif

#define FAKECAM_LIGHT_GAIN_ROW(suffix, attributes)                                                                    \
  attributes void gain_row_##suffix(const GainRows& rows, const std::uint8_t* alpha, int dim_q9, std::uint16_t* gain, \
                                    std::uint16_t* gain3, int width) {                                                \
    gain_row_impl(rows, alpha, dim_q9, gain, gain3, width);                                                           \
  }

FAKECAM_LIGHT_GAIN_ROW(baseline, )

void scale_row_baseline(std::uint8_t* p, const std::uint16_t* gain3, int n) { scale_row_impl(p, gain3, n); }

void blend_scale_row_baseline(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha3,
                              const std::uint16_t* gain3, std::uint8_t* out, int n) {
  blend_scale_row_impl(fg, bg, alpha3, gain3, out, n);
}

void scale_yuv_row_baseline(std::uint8_t* p, const std::uint16_t* gain, const YuvLevels& levels, int n) {
  scale_yuv_row_impl(p, gain, levels, n);
}

void blend_scale_yuv_row_baseline(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha,
                                  const std::uint16_t* gain, const YuvLevels& levels, std::uint8_t* out, int n) {
  blend_scale_yuv_row_impl(fg, bg, alpha, gain, levels, out, n);
}

void yuv_gain_rows_baseline(const GainRows& top, const GainRows& bottom, const std::uint8_t* alpha0,
                            const std::uint8_t* alpha1, int dim_q9, std::uint16_t* luma0, std::uint16_t* luma1,
                            std::uint16_t* chroma, int width) {
  yuv_gain_rows_impl(top, bottom, alpha0, alpha1, dim_q9, luma0, luma1, chroma, width);
}

void chroma_gain_row_baseline(const std::uint16_t* g0, const std::uint16_t* g1, std::uint16_t* out, int n) {
  chroma_gain_row_impl(g0, g1, out, n);
}

#if defined(__x86_64__) && defined(__GNUC__)
bool avx2_available() { return cpu_features().avx2; }
bool avx512_available() { return cpu_features().avx512f && cpu_features().avx512bw; }
#define FAKECAM_LIGHT_PICK(fn, isa) (isa != Isa::baseline && avx2_available() ? fn##_avx2 : fn##_baseline)
// For the kernels that also have an AVX-512 build.
#define FAKECAM_LIGHT_PICK3(fn, isa) \
  (isa == Isa::best && avx512_available() ? fn##_avx512 : FAKECAM_LIGHT_PICK(fn, isa))
#else
bool avx2_available() { return false; }
bool avx512_available() { return false; }
#define FAKECAM_LIGHT_PICK(fn, isa) fn##_baseline
#define FAKECAM_LIGHT_PICK3(fn, isa) fn##_baseline
#endif

}  // namespace

bool has_avx2() { return avx2_available(); }
bool has_avx512() { return avx512_available(); }

void gain_row(const GainRows& rows, const std::uint8_t* alpha, int dim_q9, std::uint16_t* gain, std::uint16_t* gain3,
              int width, Isa isa) {
  FAKECAM_LIGHT_PICK(gain_row, isa)(rows, alpha, dim_q9, gain, gain3, width);
}

void scale_row(std::uint8_t* p, const std::uint16_t* gain3, int n, Isa isa) {
  FAKECAM_LIGHT_PICK(scale_row, isa)(p, gain3, n);
}

void blend_scale_row(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha3,
                     const std::uint16_t* gain3, std::uint8_t* out, int n, Isa isa) {
  FAKECAM_LIGHT_PICK(blend_scale_row, isa)(fg, bg, alpha3, gain3, out, n);
}

void scale_yuv_row(std::uint8_t* p, const std::uint16_t* gain, const YuvLevels& levels, int n, Isa isa) {
  FAKECAM_LIGHT_PICK(scale_yuv_row, isa)(p, gain, levels, n);
}

void blend_scale_yuv_row(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha,
                         const std::uint16_t* gain, const YuvLevels& levels, std::uint8_t* out, int n, Isa isa) {
  FAKECAM_LIGHT_PICK3(blend_scale_yuv_row, isa)(fg, bg, alpha, gain, levels, out, n);
}

void chroma_gain_row(const std::uint16_t* g0, const std::uint16_t* g1, std::uint16_t* out, int n, Isa isa) {
  FAKECAM_LIGHT_PICK(chroma_gain_row, isa)(g0, g1, out, n);
}

void yuv_gain_rows(const GainRows& top, const GainRows& bottom, const std::uint8_t* alpha0, const std::uint8_t* alpha1,
                   int dim_q9, std::uint16_t* luma0, std::uint16_t* luma1, std::uint16_t* chroma, int width, Isa isa) {
  FAKECAM_LIGHT_PICK(yuv_gain_rows, isa)(top, bottom, alpha0, alpha1, dim_q9, luma0, luma1, chroma, width);
}

}  // namespace fakecam::compose::light
