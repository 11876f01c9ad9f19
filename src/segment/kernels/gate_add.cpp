// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/kernels/gate_add.hpp"

#include <cstddef>

#include "common/error.hpp"
#include "segment/kernels/vec.hpp"

namespace fakecam::segment::kernels {
namespace {

using simd::vec;

template <int V>
[[gnu::always_inline]] inline void step(const float* x, const float* gate, const float* y, float* out) {
  vec<V> a, g, b;
  __builtin_memcpy(&a, x, sizeof a);
  __builtin_memcpy(&g, gate, sizeof g);
  __builtin_memcpy(&b, y, sizeof b);
  const vec<V> r = a * g + b;
  __builtin_memcpy(out, &r, sizeof r);
}

template <int W>
[[gnu::always_inline]] inline void gate_add_impl(const float* x, const float* gate, const float* y, float* out,
                                                 int pixels, int channels) {
  for (int p = 0; p < pixels; ++p) {
    const std::ptrdiff_t o = static_cast<std::ptrdiff_t>(p) * channels;
    int c = 0;
    if constexpr (W >= 16) {
      for (; c + 16 <= channels; c += 16) step<16>(x + o + c, gate + c, y + o + c, out + o + c);
    }
    if constexpr (W >= 8) {
      for (; c + 8 <= channels; c += 8) step<8>(x + o + c, gate + c, y + o + c, out + o + c);
    }
    for (; c + 4 <= channels; c += 4) step<4>(x + o + c, gate + c, y + o + c, out + o + c);
    for (; c < channels; ++c) step<1>(x + o + c, gate + c, y + o + c, out + o + c);
  }
}

void gate_add_baseline(const float* x, const float* gate, const float* y, float* out, int pixels, int channels) {
  gate_add_impl<4>(x, gate, y, out, pixels, channels);
}
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2,fma"))) void gate_add_avx2(const float* x, const float* gate, const float* y, float* out,
                                                       int pixels, int channels) {
  gate_add_impl<8>(x, gate, y, out, pixels, channels);
}
__attribute__((target("avx512f,fma"))) void gate_add_avx512(const float* x, const float* gate, const float* y,
                                                            float* out, int pixels, int channels) {
  gate_add_impl<16>(x, gate, y, out, pixels, channels);
}
#endif

}  // namespace

void gate_add(const float* x, const float* gate, const float* y, float* out, int pixels, int channels, Isa isa) {
  if (!isa_supported(isa)) fail("this CPU cannot run the {} gate", isa_name(isa));
#if defined(__x86_64__) && defined(__GNUC__)
  if (isa == Isa::avx512) return gate_add_avx512(x, gate, y, out, pixels, channels);
  if (isa == Isa::avx2) return gate_add_avx2(x, gate, y, out, pixels, channels);
#endif
  gate_add_baseline(x, gate, y, out, pixels, channels);
}

void gate_add_reference(const float* x, const float* gate, const float* y, float* out, int pixels, int channels) {
  for (int p = 0; p < pixels; ++p) {
    for (int c = 0; c < channels; ++c) {
      const std::ptrdiff_t i = static_cast<std::ptrdiff_t>(p) * channels + c;
      const float product = x[i] * gate[c];
      out[i] = product + y[i];
    }
  }
}

}  // namespace fakecam::segment::kernels
