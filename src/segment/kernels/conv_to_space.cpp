// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/kernels/conv_to_space.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "common/error.hpp"
#include "segment/kernels/vec.hpp"

namespace fakecam::segment::kernels {
namespace {

using simd::ivec;
using simd::load;
using simd::store;
using simd::vec;

// 1 / (1 + e^-x): e^z as 2^n p(r), z = n ln2 + r, |r| <= ln2 / 2, p the
// degree-6 Taylor polynomial (relative error ~1e-7; z clamped to +-87 so that
// 2^n stays a normal float).
template <int V>
[[gnu::always_inline]] inline void sigmoid_in_place(vec<V>& x) {
  vec<V> z = -x;
  const vec<V> lo = vec<V>{} - 87.0f, hi = vec<V>{} + 87.0f;
  z = z < lo ? lo : z;
  z = z > hi ? hi : z;
  const float magic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  const vec<V> n = (z * 1.44269504f + magic) - magic;
  const vec<V> r = (z - n * 0.693145752f) - n * 1.42860677e-6f;
  vec<V> p = r * (1.0f / 720) + 1.0f / 120;
  p = p * r + 1.0f / 24;
  p = p * r + 1.0f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const ivec<V> bits = (__builtin_convertvector(n, ivec<V>) + 127) << 23;
  const vec<V> e = p * (vec<V>)bits;  // a bit cast between vectors of one size
  x = 1.0f / (1.0f + e);
}

using Args = ConvToSpace::Args;

// Input row y to output rows 2y and 2y + 1: per pixel, its four outputs in
// one 4-lane vector (each input channel broadcast against that channel's four
// weights), then the sigmoid over both output rows at width W.
template <int W>
[[gnu::always_inline]] inline void row(const Args& a, int y) {
  const int C = a.channels;
  const float* in = a.in + static_cast<std::ptrdiff_t>(y) * a.w * C;
  float* top = a.out + static_cast<std::ptrdiff_t>(2 * y) * 2 * a.w;
  float* bottom = top + 2 * a.w;
  vec<4> b;
  load<4>(b, a.bias);
  int x = 0;
  // Two pixels at a time: independent sums hide the FMA latency.
  for (; x + 2 <= a.w; x += 2) {
    vec<4> acc0 = b, acc1 = b;
    const float* p0 = in + static_cast<std::ptrdiff_t>(x) * C;
    const float* p1 = p0 + C;
    for (int c = 0; c < C; ++c) {
      vec<4> wc;
      load<4>(wc, a.weights + 4 * c);
      acc0 += p0[c] * wc;
      acc1 += p1[c] * wc;
    }
    // Lanes 0, 1 go to the top row, 2, 3 to the bottom (by lane: GCC's and
    // Clang's vector shuffles are spelled differently).
    const vec<4> lo{acc0[0], acc0[1], acc1[0], acc1[1]};
    const vec<4> hi{acc0[2], acc0[3], acc1[2], acc1[3]};
    store<4>(top + 2 * x, lo);
    store<4>(bottom + 2 * x, hi);
  }
  for (; x < a.w; ++x) {
    vec<4> acc = b;
    const float* p = in + static_cast<std::ptrdiff_t>(x) * C;
    for (int c = 0; c < C; ++c) {
      vec<4> wc;
      load<4>(wc, a.weights + 4 * c);
      acc += p[c] * wc;
    }
    top[2 * x] = acc[0];
    top[2 * x + 1] = acc[1];
    bottom[2 * x] = acc[2];
    bottom[2 * x + 1] = acc[3];
  }
  if (!a.sigmoid) return;
  const int n = 4 * a.w;  // both rows, adjacent
  int i = 0;
  for (; i + W <= n; i += W) {
    vec<W> v;
    load<W>(v, top + i);
    sigmoid_in_place<W>(v);
    store<W>(top + i, v);
  }
  for (; i + 4 <= n; i += 4) {
    vec<4> v;
    load<4>(v, top + i);
    sigmoid_in_place<4>(v);
    store<4>(top + i, v);
  }
  for (; i < n; ++i) top[i] = 1.0f / (1.0f + std::exp(-top[i]));
}

void row_baseline(const Args& a, int y) { row<4>(a, y); }

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2,fma"))) void row_avx2(const Args& a, int y) { row<8>(a, y); }
__attribute__((target("avx512f,fma"))) void row_avx512(const Args& a, int y) { row<16>(a, y); }
#endif

ConvToSpace::RowKernel pick(Isa isa) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (isa == Isa::avx512) return row_avx512;
  if (isa == Isa::avx2) return row_avx2;
#endif
  (void)isa;
  return row_baseline;
}

}  // namespace

ConvToSpace::ConvToSpace(int h, int w, int channels, const float* filter, const float* bias, bool sigmoid, Isa isa)
    : h_(h), w_(w), channels_(channels), sigmoid_(sigmoid), isa_(isa), bias_(bias, bias + 4) {
  if (!isa_supported(isa)) fail("this CPU cannot run the {} 1x1 conv to space", isa_name(isa));
  if (h < 1 || w < 1 || channels < 1) fail("1x1 conv to space of an empty shape");
  weights_.resize(static_cast<std::size_t>(channels) * 4);
  for (int o = 0; o < 4; ++o) {
    for (int c = 0; c < channels; ++c) weights_[static_cast<std::size_t>(c * 4 + o)] = filter[o * channels + c];
  }
  row_kernel_ = pick(isa);
}

void ConvToSpace::run(const float* in, float* out) const {
  const Args args{h_, w_, channels_, weights_.data(), bias_.data(), sigmoid_, in, out};
  for (int y = 0; y < h_; ++y) row_kernel_(args, y);
}

void conv_to_space_reference(int h, int w, int channels, const float* filter, const float* bias, bool sigmoid,
                             const float* in, float* out) {
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const float* p = in + (static_cast<std::ptrdiff_t>(y) * w + x) * channels;
      for (int o = 0; o < 4; ++o) {
        float acc = bias[o];
        for (int c = 0; c < channels; ++c) acc += p[c] * filter[o * channels + c];
        if (sigmoid) acc = 1.0f / (1.0f + std::exp(-acc));
        out[(static_cast<std::ptrdiff_t>(2 * y + o / 2) * 2 * w) + 2 * x + o % 2] = acc;
      }
    }
  }
}

}  // namespace fakecam::segment::kernels
