// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/resize_bgr.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/cpu_features.hpp"
#include "compose/kernels/resample_plan.hpp"
#include "compose/kernels/resize_bgr_taps.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define FAKECAM_RESIZE_AVX2 1
#endif

namespace fakecam::compose::kernels {
namespace {

using resize_detail::PixelTaps;
using resize_detail::ShuffleTaps;

// The row cache holds whole AVX2 steps (32 values), so that the vertical
// pass's last step reads initialized values.
constexpr int kCacheStep = 32;

// ---- the baseline build (any x86-64, and sizes the shuffles cannot take) ----

void horizontal_baseline(const std::uint8_t* __restrict src, const PixelTaps& taps, std::int16_t* __restrict out) {
  const int width = static_cast<int>(taps.x0.size());
  for (int x = 0; x < width; ++x) {
    const std::uint8_t* p0 = src + taps.x0[x];
    const std::uint8_t* p1 = src + taps.x1[x];
    const int fh = taps.fh[x], fl = taps.fl[x];
    for (int c = 0; c < 3; ++c) {
      const int a = p0[c] * (64 - fh) + p1[c] * fh;
      const int b = (p1[c] - p0[c]) * fl;
      out[3 * x + c] = static_cast<std::int16_t>(a + ((b * 256 + (1 << 14)) >> 15));
    }
  }
}

// pmulhrsw's rounding: (a b + 2^14) >> 15.
inline int mulhrs(int a, int b) { return (a * b + (1 << 14)) >> 15; }

// __restrict: a uint8_t store may alias anything, which keeps the vectorizer
// off; noinline: inlined into resize_rows, the __restrict would be lost.
[[gnu::noinline]] void vertical_baseline(const std::int16_t* __restrict r0, const std::int16_t* __restrict r1, int w,
                                         std::uint8_t* __restrict out, int n) {
  if (w == 0) {
    for (int i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(mulhrs(r0[i], 512));
    return;
  }
  for (int i = 0; i < n; ++i) {
    const int v = r0[i] + mulhrs(r1[i] - r0[i], w);
    out[i] = static_cast<std::uint8_t>(mulhrs(v, 512));
  }
}

// ---- the AVX2 build ----

#if FAKECAM_RESIZE_AVX2

__attribute__((target("avx2"))) inline __m256i load_halves(const std::uint8_t* lo, const std::uint8_t* hi) {
  const __m128i l = _mm_loadu_si128(reinterpret_cast<const __m128i*>(lo));
  const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(hi));
  return _mm256_inserti128_si256(_mm256_castsi128_si256(l), h, 1);
}

// One step of 16 values from the channel pairs: both pmaddubsw and the fine
// part's rounding shift (pmulhrsw by 256: (b + 64) >> 7).
__attribute__((target("avx2"))) inline __m256i weigh(__m256i pairs, const std::int8_t* weights) {
  const __m256i coarse = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(weights));
  const __m256i fine = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(weights + 32));
  const __m256i a = _mm256_maddubs_epi16(pairs, coarse);
  const __m256i b = _mm256_maddubs_epi16(pairs, fine);
  return _mm256_add_epi16(a, _mm256_mulhrs_epi16(b, _mm256_set1_epi16(256)));
}

__attribute__((target("avx2"))) void horizontal_avx2(const std::uint8_t* src, const ShuffleTaps& taps,
                                                     std::int16_t* out) {
  const std::int32_t* base = taps.base.data();
  const std::uint8_t* mask = taps.mask.data();
  const std::int8_t* weights = taps.weights.data();
  if (!taps.wide) {
    for (int k = 0; k < taps.steps; ++k, base += 2, mask += 32, weights += 64) {
      const __m256i px = load_halves(src + base[0], src + base[1]);
      const __m256i pairs = _mm256_shuffle_epi8(px, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(mask)));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 16 * k), weigh(pairs, weights));
    }
    return;
  }
  for (int k = 0; k < taps.steps; ++k, base += 4, mask += 64, weights += 64) {
    const __m256i pa = load_halves(src + base[0], src + base[1]);
    const __m256i pb = load_halves(src + base[2], src + base[3]);
    const __m256i ma = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(mask));
    const __m256i mb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(mask + 32));
    const __m256i pairs = _mm256_or_si256(_mm256_shuffle_epi8(pa, ma), _mm256_shuffle_epi8(pb, mb));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 16 * k), weigh(pairs, weights));
  }
}

// 32 output bytes from 32 cached values of each row.
__attribute__((target("avx2"))) inline __m256i vertical32(const std::int16_t* r0, const std::int16_t* r1, __m256i w) {
  const __m256i round6 = _mm256_set1_epi16(512);
  const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r0));
  const __m256i b0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r0 + 16));
  const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r1));
  const __m256i b1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r1 + 16));
  const __m256i a = _mm256_add_epi16(a0, _mm256_mulhrs_epi16(_mm256_sub_epi16(a1, a0), w));
  const __m256i b = _mm256_add_epi16(b0, _mm256_mulhrs_epi16(_mm256_sub_epi16(b1, b0), w));
  const __m256i packed = _mm256_packus_epi16(_mm256_mulhrs_epi16(a, round6), _mm256_mulhrs_epi16(b, round6));
  return _mm256_permute4x64_epi64(packed, 0xD8);  // packus works within lanes
}

// n values; the rows hold n rounded up to kCacheStep.
__attribute__((target("avx2"))) void vertical_avx2(const std::int16_t* r0, const std::int16_t* r1, int w,
                                                   std::uint8_t* out, int n) {
  if (w == 0) r1 = r0;  // r0 + (r0 - r0) w: the same bytes, one row read twice
  const __m256i wv = _mm256_set1_epi16(static_cast<std::int16_t>(w));
  int i = 0;
  for (; i + kCacheStep <= n; i += kCacheStep) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), vertical32(r0 + i, r1 + i, wv));
  }
  if (i < n) {
    alignas(32) std::uint8_t tail[kCacheStep];
    _mm256_store_si256(reinterpret_cast<__m256i*>(tail), vertical32(r0 + i, r1 + i, wv));
    std::memcpy(out + i, tail, static_cast<std::size_t>(n - i));
  }
}

bool avx2_available() { return cpu_features().avx2; }

#else
bool avx2_available() { return false; }
#endif

// Output rows in order, each a vertical lerp of two cached horizontal
// passes; a source row is passed over once (rows only move down).
template <class Horizontal, class Vertical>
void resize_rows(const cv::Mat& src, cv::Mat& dst, const ResampleAxis& rows, Horizontal&& horizontal,
                 Vertical&& vertical) {
  const int n = dst.cols * 3;
  const int stride = (n + kCacheStep - 1) / kCacheStep * kCacheStep;
  std::vector<std::int16_t> cache(2 * static_cast<std::size_t>(stride));
  int held[2] = {-1, -1};
  auto row = [&](int r) -> const std::int16_t* {
    int slot = held[0] == r ? 0 : held[1] == r ? 1 : -1;
    if (slot < 0) {
      slot = held[0] < held[1] ? 0 : 1;  // the older: every later output row lies further down
      horizontal(src.ptr<std::uint8_t>(r), cache.data() + slot * stride);
      held[slot] = r;
    }
    return cache.data() + slot * stride;
  };
  for (int y = 0; y < dst.rows; ++y) {
    const int r0 = rows.index[y];
    const int w = std::min(rows.fixed[y], 32767);  // pmulhrsw's weights are signed
    const std::int16_t* top = row(r0);
    const std::int16_t* bottom = w == 0 ? top : row(r0 + 1);
    vertical(top, bottom, w, dst.ptr<std::uint8_t>(y), n);
  }
}

}  // namespace

bool resize_has_avx2() { return avx2_available(); }

void resize_bilinear_bgr(const cv::Mat& src, cv::Mat& dst, cv::Size size, ResizeIsa isa) {
  CV_Assert(src.type() == CV_8UC3 && !src.empty() && size.width > 0 && size.height > 0);
  if (dst.data && dst.datastart == src.datastart) dst.release();
  dst.create(size, CV_8UC3);
  const PixelTaps pixels(src.cols, size.width);
  const ResampleAxis rows(src.rows, size.height, 32768);
#if FAKECAM_RESIZE_AVX2
  if (isa == ResizeIsa::best && avx2_available()) {
    const ShuffleTaps shuffles(pixels, src.cols);
    if (shuffles.steps > 0) {
      resize_rows(
          src, dst, rows, [&](const std::uint8_t* s, std::int16_t* out) { horizontal_avx2(s, shuffles, out); },
          vertical_avx2);
      return;
    }
  }
#endif
  resize_rows(
      src, dst, rows, [&](const std::uint8_t* s, std::int16_t* out) { horizontal_baseline(s, pixels, out); },
      vertical_baseline);
}

}  // namespace fakecam::compose::kernels
