// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/kernels/input_conv.hpp"

#include <algorithm>
#include <cstddef>

#include "common/error.hpp"
#include "segment/kernels/vec.hpp"

namespace fakecam::segment::kernels {
namespace {

using simd::load;
using simd::store;
using simd::vec;
using Rows = InputConv::Rows;

constexpr int K = kInputConvKernel;
constexpr int I = kInputConvChannels;
constexpr int kTaps = K * K * I;

// Output pixels [ox, ox + N) whose windows lie inside the input (or, with
// Checked, may not: taps outside are skipped), channels [c, c + V).
template <int V, int S, int N, bool Checked>
[[gnu::always_inline]] inline void pixels(const Rows& a, const float* const* rows, const vec<V>* w, const vec<V>& b,
                                          float* out_row, int c, int ox) {
  const int in_w = a.g->in_w;
  vec<V> acc[N];
#pragma GCC unroll 8
  for (int n = 0; n < N; ++n) acc[n] = b;
#pragma GCC unroll 3
  for (int ky = 0; ky < K; ++ky) {
#pragma GCC unroll 3
    for (int kx = 0; kx < K; ++kx) {
#pragma GCC unroll 8
      for (int n = 0; n < N; ++n) {
        const int ix = (ox + n) * S - a.g->pad_left + kx;
        if (Checked && (ix < 0 || ix >= in_w)) continue;
        const float* p = rows[ky] + static_cast<std::ptrdiff_t>(ix) * I;
#pragma GCC unroll 3
        for (int ci = 0; ci < I; ++ci) acc[n] += p[ci] * w[(ky * K + kx) * I + ci];
      }
    }
  }
  const int C = a.g->out_c;
#pragma GCC unroll 8
  for (int n = 0; n < N; ++n) {
    simd::apply<V>(acc[n], a.epilogue);
    store<V>(out_row + static_cast<std::ptrdiff_t>(ox + n) * C + c, acc[n]);
  }
}

// The 27 taps' weights stay in registers (or L1) for the whole row.
template <int V, int S>
[[gnu::always_inline]] inline void channel_block(const Rows& a, const float* const* rows, float* out_row, int c) {
  const InputConvGeometry& g = *a.g;
  vec<V> w[kTaps];
#pragma GCC unroll 32
  for (int t = 0; t < kTaps; ++t) load<V>(w[t], a.weights + static_cast<std::ptrdiff_t>(t) * g.out_c + c);
  vec<V> b;
  load<V>(b, a.bias + c);
  const int x_lo = std::min(g.out_w, (g.pad_left + S - 1) / S);
  const int last = g.in_w - K + g.pad_left;
  const int x_hi = last < 0 ? x_lo : std::max(x_lo, std::min(g.out_w, last / S + 1));
  for (int ox = 0; ox < x_lo; ++ox) pixels<V, S, 1, true>(a, rows, w, b, out_row, c, ox);
  constexpr int N = V >= 4 ? 8 : 4;
  int ox = x_lo;
  for (; ox + N <= x_hi; ox += N) pixels<V, S, N, false>(a, rows, w, b, out_row, c, ox);
  for (; ox < x_hi; ++ox) pixels<V, S, 1, false>(a, rows, w, b, out_row, c, ox);
  for (ox = x_hi; ox < g.out_w; ++ox) pixels<V, S, 1, true>(a, rows, w, b, out_row, c, ox);
}

template <int W, int S>
[[gnu::always_inline]] inline void row(const Rows& a, int oy) {
  const InputConvGeometry& g = *a.g;
  const float* rows[K];
  for (int ky = 0; ky < K; ++ky) {
    const int iy = oy * S - g.pad_top + ky;
    rows[ky] = iy >= 0 && iy < g.in_h ? a.in + static_cast<std::ptrdiff_t>(iy) * g.in_w * I : a.zeros;
  }
  float* out_row = a.out + static_cast<std::ptrdiff_t>(oy) * g.out_w * g.out_c;
  int c = 0;
  if constexpr (W >= 16) {
    for (; c + 16 <= g.out_c; c += 16) channel_block<16, S>(a, rows, out_row, c);
  }
  if constexpr (W >= 8) {
    for (; c + 8 <= g.out_c; c += 8) channel_block<8, S>(a, rows, out_row, c);
  }
  for (; c + 4 <= g.out_c; c += 4) channel_block<4, S>(a, rows, out_row, c);
  for (; c < g.out_c; ++c) channel_block<1, S>(a, rows, out_row, c);
}

template <int S>
void row_baseline(const Rows& a, int oy) {
  row<4, S>(a, oy);
}
#if defined(__x86_64__) && defined(__GNUC__)
template <int S>
__attribute__((target("avx2,fma"))) void row_avx2(const Rows& a, int oy) {
  row<8, S>(a, oy);
}
template <int S>
__attribute__((target("avx512f,fma"))) void row_avx512(const Rows& a, int oy) {
  row<16, S>(a, oy);
}
#endif

template <int S>
InputConv::RowKernel pick(Isa isa) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (isa == Isa::avx512) return row_avx512<S>;
  if (isa == Isa::avx2) return row_avx2<S>;
#endif
  (void)isa;
  return row_baseline<S>;
}

float finish_scalar(float y, const Epilogue& e) {
  y = std::clamp(y, e.min, e.max);
  if (e.hard_swish) y *= std::clamp(y * (1.0f / 6.0f) + 0.5f, 0.0f, 1.0f);
  return y;
}

}  // namespace

InputConv::InputConv(const InputConvGeometry& geometry, const float* filter, const float* bias, Epilogue epilogue,
                     Isa isa)
    : geometry_(geometry), epilogue_(epilogue) {
  const InputConvGeometry& g = geometry_;
  if (!isa_supported(isa)) fail("this CPU cannot run the {} input convolution", isa_name(isa));
  if (g.stride != 1 && g.stride != 2) fail("no input convolution for stride {}", g.stride);
  if (g.in_h < 1 || g.in_w < 1 || g.out_c < 1 || g.out_h < 1 || g.out_w < 1 || g.pad_top < 0 || g.pad_left < 0)
    fail("input convolution of an empty or negative shape");
  row_kernel_ = g.stride == 1 ? pick<1>(isa) : pick<2>(isa);
  weights_.resize(static_cast<std::size_t>(kTaps * g.out_c));
  for (int o = 0; o < g.out_c; ++o) {
    for (int t = 0; t < kTaps; ++t) weights_[static_cast<std::size_t>(t * g.out_c + o)] = filter[o * kTaps + t];
  }
  bias_.assign(bias, bias + g.out_c);
  zeros_.assign(static_cast<std::size_t>(g.in_w * I), 0.0f);
}

void InputConv::run(const float* in, float* out) const {
  const Rows rows{&geometry_, weights_.data(), bias_.data(), zeros_.data(), epilogue_, in, out};
  for (int oy = 0; oy < geometry_.out_h; ++oy) row_kernel_(rows, oy);
}

void input_conv_reference(const InputConvGeometry& g, const float* filter, const float* bias, Epilogue epilogue,
                          const float* in, float* out) {
  for (int oy = 0; oy < g.out_h; ++oy) {
    for (int ox = 0; ox < g.out_w; ++ox) {
      for (int o = 0; o < g.out_c; ++o) {
        float acc = bias[o];
        for (int ky = 0; ky < K; ++ky) {
          const int iy = oy * g.stride - g.pad_top + ky;
          if (iy < 0 || iy >= g.in_h) continue;
          for (int kx = 0; kx < K; ++kx) {
            const int ix = ox * g.stride - g.pad_left + kx;
            if (ix < 0 || ix >= g.in_w) continue;
            for (int ci = 0; ci < I; ++ci) {
              acc += in[(static_cast<std::ptrdiff_t>(iy) * g.in_w + ix) * I + ci] *
                     filter[((o * K + ky) * K + kx) * I + ci];
            }
          }
        }
        out[(static_cast<std::ptrdiff_t>(oy) * g.out_w + ox) * g.out_c + o] = finish_scalar(acc, epilogue);
      }
    }
  }
}

}  // namespace fakecam::segment::kernels
