// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/kernels/depthwise_conv.hpp"

#include <algorithm>
#include <cstddef>

#include "common/error.hpp"
#include "segment/kernels/vec.hpp"

namespace fakecam::segment::kernels {
namespace {

using simd::load;
using simd::splat;
using simd::store;
using simd::vec;

using Rows = DepthwiseConv::Rows;

// The epilogue on a register about to go to `to` (in the output), then the
// residual: the value at the same place in its tensor.
template <int V>
[[gnu::always_inline]] inline void finish(vec<V>& y, const Rows& a, const float* to) {
  simd::apply<V>(y, a.epilogue);
  if (a.residual) {
    vec<V> r;
    load<V>(r, a.residual + (to - a.out));
    y += r;
  }
}

// An output pixel whose window crosses the left or right edge: taps outside
// the input are skipped (zero padding).
template <int V, int K, int S>
[[gnu::always_inline]] inline void edge_pixel(const Rows& a, const float* const* rows, const vec<V>* w, const vec<V>& b,
                                              float* out_row, int c, int ox) {
  const int C = a.g->channels;
  const int ix0 = ox * S - a.g->pad_left;
  vec<V> acc = b;
#pragma GCC unroll 8
  for (int ky = 0; ky < K; ++ky) {
#pragma GCC unroll 8
    for (int kx = 0; kx < K; ++kx) {
      const int ix = ix0 + kx;
      if (ix < 0 || ix >= a.g->in_w) continue;
      vec<V> x;
      load<V>(x, rows[ky] + static_cast<std::ptrdiff_t>(ix) * C + c);
      acc += x * w[ky * K + kx];
    }
  }
  finish<V>(acc, a, out_row + static_cast<std::ptrdiff_t>(ox) * C + c);
  store<V>(out_row + static_cast<std::ptrdiff_t>(ox) * C + c, acc);
}

// N neighbouring output pixels whose windows lie inside the input: each input
// column is loaded once and feeds every output whose window covers it.
template <int V, int K, int S, int N>
[[gnu::always_inline]] inline void inner_pixels(const Rows& a, const float* const* rows, const vec<V>* w,
                                                const vec<V>& b, float* out_row, int c, int ox) {
  const int C = a.g->channels;
  const std::ptrdiff_t ix0 = ox * S - a.g->pad_left;
  constexpr int J = (N - 1) * S + K;
  vec<V> acc[N];
#pragma GCC unroll 8
  for (int n = 0; n < N; ++n) acc[n] = b;
#pragma GCC unroll 8
  for (int ky = 0; ky < K; ++ky) {
    const float* r = rows[ky] + ix0 * C + c;
#pragma GCC unroll 16
    for (int j = 0; j < J; ++j) {
      vec<V> x;
      load<V>(x, r + static_cast<std::ptrdiff_t>(j) * C);
#pragma GCC unroll 8
      for (int n = 0; n < N; ++n) {
        const int kx = j - n * S;
        if (kx >= 0 && kx < K) acc[n] += x * w[ky * K + kx];
      }
    }
  }
#pragma GCC unroll 8
  for (int n = 0; n < N; ++n) {
    finish<V>(acc[n], a, out_row + static_cast<std::ptrdiff_t>(ox + n) * C + c);
    store<V>(out_row + static_cast<std::ptrdiff_t>(ox + n) * C + c, acc[n]);
  }
}

// Outputs sharing input loads: as many as the registers hold beside K*K weights.
template <int K, int S>
constexpr int kGroup = K == 3 ? (S == 1 ? 4 : 2) : (S == 1 ? 2 : 1);

// Channels [c, c + V) of one output row; the weights stay in registers.
template <int V, int K, int S>
[[gnu::always_inline]] inline void channel_block(const Rows& a, const float* const* rows, float* out_row, int c) {
  const DepthwiseGeometry& g = *a.g;
  vec<V> w[K * K];
#pragma GCC unroll 32
  for (int t = 0; t < K * K; ++t) load<V>(w[t], a.filter + static_cast<std::ptrdiff_t>(t) * g.channels + c);
  vec<V> b;
  load<V>(b, a.bias + c);
  // Outputs [x_lo, x_hi) read columns inside the input only.
  const int x_lo = std::min(g.out_w, (g.pad_left + S - 1) / S);
  const int last = g.in_w - K + g.pad_left;  // the last inner output has ox * S <= last
  const int x_hi = last < 0 ? x_lo : std::max(x_lo, std::min(g.out_w, last / S + 1));
  for (int ox = 0; ox < x_lo; ++ox) edge_pixel<V, K, S>(a, rows, w, b, out_row, c, ox);
  constexpr int N = kGroup<K, S>;
  int ox = x_lo;
  for (; ox + N <= x_hi; ox += N) inner_pixels<V, K, S, N>(a, rows, w, b, out_row, c, ox);
  for (; ox < x_hi; ++ox) inner_pixels<V, K, S, 1>(a, rows, w, b, out_row, c, ox);
  for (ox = x_hi; ox < g.out_w; ++ox) edge_pixel<V, K, S>(a, rows, w, b, out_row, c, ox);
}

// One output row, all channels: blocks of W, then narrower ones for the rest.
template <int W, int K, int S>
[[gnu::always_inline]] inline void row(const Rows& a, int oy) {
  const DepthwiseGeometry& g = *a.g;
  const int C = g.channels;
  const float* rows[K];
  for (int ky = 0; ky < K; ++ky) {
    const int iy = oy * S - g.pad_top + ky;
    rows[ky] = iy >= 0 && iy < g.in_h ? a.in + static_cast<std::ptrdiff_t>(iy) * g.in_w * C : a.zeros;
  }
  float* out_row = a.out + static_cast<std::ptrdiff_t>(oy) * g.out_w * C;
  int c = 0;
  if constexpr (W >= 16) {
    for (; c + 16 <= C; c += 16) channel_block<16, K, S>(a, rows, out_row, c);
  }
  if constexpr (W >= 8) {
    for (; c + 8 <= C; c += 8) channel_block<8, K, S>(a, rows, out_row, c);
  }
  for (; c + 4 <= C; c += 4) channel_block<4, K, S>(a, rows, out_row, c);
  for (; c < C; ++c) channel_block<1, K, S>(a, rows, out_row, c);
}

template <int K, int S>
void row_baseline(const Rows& a, int oy) {
  row<4, K, S>(a, oy);
}

#if defined(__x86_64__) && defined(__GNUC__)
template <int K, int S>
__attribute__((target("avx2,fma"))) void row_avx2(const Rows& a, int oy) {
  row<8, K, S>(a, oy);
}
template <int K, int S>
__attribute__((target("avx512f,fma"))) void row_avx512(const Rows& a, int oy) {
  row<16, K, S>(a, oy);
}
#endif

template <int K, int S>
DepthwiseConv::RowKernel pick(Isa isa) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (isa == Isa::avx512) return row_avx512<K, S>;
  if (isa == Isa::avx2) return row_avx2<K, S>;
#endif
  (void)isa;
  return row_baseline<K, S>;
}

DepthwiseConv::RowKernel pick(int kernel, int stride, Isa isa) {
  if (kernel == 3 && stride == 1) return pick<3, 1>(isa);
  if (kernel == 3 && stride == 2) return pick<3, 2>(isa);
  if (kernel == 5 && stride == 1) return pick<5, 1>(isa);
  if (kernel == 5 && stride == 2) return pick<5, 2>(isa);
  return nullptr;
}

// hard-swish and clamp in the reference: the same formula, one float at a time.
float finish_scalar(float y, const Epilogue& e) {
  y = std::clamp(y, e.min, e.max);
  if (e.hard_swish) y *= std::clamp(y * (1.0f / 6.0f) + 0.5f, 0.0f, 1.0f);
  return y;
}

}  // namespace

bool depthwise_supported(int kernel, int stride) { return pick(kernel, stride, Isa::baseline) != nullptr; }

DepthwiseConv::DepthwiseConv(const DepthwiseGeometry& geometry, const float* filter, const float* bias,
                             Epilogue epilogue, Isa isa)
    : geometry_(geometry), epilogue_(epilogue), isa_(isa) {
  const DepthwiseGeometry& g = geometry_;
  if (!isa_supported(isa)) fail("this CPU cannot run the {} depthwise convolution", isa_name(isa));
  row_kernel_ = pick(g.kernel, g.stride, isa);
  if (!row_kernel_) fail("no depthwise kernel for {}x{} stride {}", g.kernel, g.kernel, g.stride);
  if (g.in_h < 1 || g.in_w < 1 || g.channels < 1 || g.out_h < 1 || g.out_w < 1 || g.pad_top < 0 || g.pad_left < 0)
    fail("depthwise convolution of an empty or negative shape");
  const auto taps = static_cast<std::size_t>(g.kernel * g.kernel * g.channels);
  filter_.assign(filter, filter + taps);
  bias_.assign(bias, bias + g.channels);
  zeros_.assign(static_cast<std::size_t>(g.in_w) * static_cast<std::size_t>(g.channels), 0.0f);
}

void DepthwiseConv::run(const float* in, float* out, const float* residual) const {
  const Rows rows{&geometry_, filter_.data(), bias_.data(), zeros_.data(), epilogue_, in, out, residual};
  for (int oy = 0; oy < geometry_.out_h; ++oy) row_kernel_(rows, oy);
}

void depthwise_reference(const DepthwiseGeometry& g, const float* filter, const float* bias, Epilogue epilogue,
                         const float* in, float* out, const float* residual) {
  const int K = g.kernel, C = g.channels;
  for (int oy = 0; oy < g.out_h; ++oy) {
    for (int ox = 0; ox < g.out_w; ++ox) {
      for (int c = 0; c < C; ++c) {
        float acc = bias[c];
        for (int ky = 0; ky < K; ++ky) {
          const int iy = oy * g.stride - g.pad_top + ky;
          if (iy < 0 || iy >= g.in_h) continue;
          for (int kx = 0; kx < K; ++kx) {
            const int ix = ox * g.stride - g.pad_left + kx;
            if (ix < 0 || ix >= g.in_w) continue;
            acc += in[(static_cast<std::ptrdiff_t>(iy) * g.in_w + ix) * C + c] * filter[(ky * K + kx) * C + c];
          }
        }
        const std::ptrdiff_t o = (static_cast<std::ptrdiff_t>(oy) * g.out_w + ox) * C + c;
        out[o] = finish_scalar(acc, epilogue) + (residual ? residual[o] : 0.0f);
      }
    }
  }
}

}  // namespace fakecam::segment::kernels
