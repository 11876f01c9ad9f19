// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/kernels/upsample2x.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "common/error.hpp"
#include "segment/kernels/vec.hpp"

namespace fakecam::segment::kernels {
namespace {

using simd::load;
using simd::store;
using simd::vec;
using Args = Upsample2x::Args;

// s = 3/4 * a + 1/4 * b over channels [c, c + V).
template <int V>
[[gnu::always_inline]] inline void mix(const float* a, const float* b, float* s) {
  vec<V> x, y;
  load<V>(x, a);
  load<V>(y, b);
  const vec<V> r = x * 0.75f + y * 0.25f;
  store<V>(s, r);
}

// Each of n channels of one pixel, in vector blocks then one at a time.
template <int W>
[[gnu::always_inline]] inline void mix_pixel(const float* a, const float* b, float* s, int n) {
  int c = 0;
  if constexpr (W >= 16) {
    for (; c + 16 <= n; c += 16) mix<16>(a + c, b + c, s + c);
  }
  if constexpr (W >= 8) {
    for (; c + 8 <= n; c += 8) mix<8>(a + c, b + c, s + c);
  }
  for (; c + 4 <= n; c += 4) mix<4>(a + c, b + c, s + c);
  for (; c < n; ++c) mix<1>(a + c, b + c, s + c);
}

// Output row oy: input row oy / 2 (3/4) with its neighbour above (even oy)
// or below (odd), clamped; then each scratch pixel with its left and right
// neighbours (clamped) makes outputs 2x and 2x + 1.
template <int W>
[[gnu::always_inline]] inline void row(const Args& a, int oy) {
  const int C = a.channels;
  const std::ptrdiff_t stride = static_cast<std::ptrdiff_t>(a.w) * C;
  const int near = oy / 2;
  const int far = std::clamp(oy % 2 == 0 ? near - 1 : near + 1, 0, a.h - 1);
  mix_pixel<W>(a.in + near * stride, a.in + far * stride, a.scratch, static_cast<int>(stride));
  float* out = a.out + static_cast<std::ptrdiff_t>(oy) * 2 * stride;
  for (int x = 0; x < a.w; ++x) {
    const float* s = a.scratch + static_cast<std::ptrdiff_t>(x) * C;
    const float* left = a.scratch + static_cast<std::ptrdiff_t>(std::max(x - 1, 0)) * C;
    const float* right = a.scratch + static_cast<std::ptrdiff_t>(std::min(x + 1, a.w - 1)) * C;
    mix_pixel<W>(s, left, out + static_cast<std::ptrdiff_t>(2 * x) * C, C);
    mix_pixel<W>(s, right, out + static_cast<std::ptrdiff_t>(2 * x + 1) * C, C);
  }
}

void row_baseline(const Args& a, int oy) { row<4>(a, oy); }
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2,fma"))) void row_avx2(const Args& a, int oy) { row<8>(a, oy); }
__attribute__((target("avx512f,fma"))) void row_avx512(const Args& a, int oy) { row<16>(a, oy); }
#endif

}  // namespace

Upsample2x::Upsample2x(int h, int w, int channels, Isa isa) : h_(h), w_(w), channels_(channels) {
  if (!isa_supported(isa)) fail("this CPU cannot run the {} upsampling", isa_name(isa));
  if (h < 1 || w < 1 || channels < 1) fail("upsampling of an empty shape");
  scratch_.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(channels), 0.0f);
  row_kernel_ = row_baseline;
#if defined(__x86_64__) && defined(__GNUC__)
  if (isa == Isa::avx512) row_kernel_ = row_avx512;
  if (isa == Isa::avx2) row_kernel_ = row_avx2;
#endif
}

void Upsample2x::run(const float* in, float* out) {
  const Args args{h_, w_, channels_, in, out, scratch_.data()};
  for (int oy = 0; oy < 2 * h_; ++oy) row_kernel_(args, oy);
}

void resize_bilinear_half_pixel_reference(int h, int w, int channels, int out_h, int out_w, const float* in,
                                          float* out) {
  const auto source = [](int o, int in_size, int out_size, int& lo, int& hi, float& t) {
    const float x = (static_cast<float>(o) + 0.5f) * static_cast<float>(in_size) / static_cast<float>(out_size) - 0.5f;
    const float fl = std::floor(x);
    lo = std::max(static_cast<int>(fl), 0);
    hi = std::min(static_cast<int>(std::ceil(x)), in_size - 1);
    t = x - fl;
  };
  for (int oy = 0; oy < out_h; ++oy) {
    int y0, y1;
    float ty;
    source(oy, h, out_h, y0, y1, ty);
    for (int ox = 0; ox < out_w; ++ox) {
      int x0, x1;
      float tx;
      source(ox, w, out_w, x0, x1, tx);
      for (int c = 0; c < channels; ++c) {
        const auto at = [&](int y, int x) { return in[(static_cast<std::ptrdiff_t>(y) * w + x) * channels + c]; };
        const float top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * tx;
        const float bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * tx;
        out[(static_cast<std::ptrdiff_t>(oy) * out_w + ox) * channels + c] = top + (bottom - top) * ty;
      }
    }
  }
}

}  // namespace fakecam::segment::kernels
