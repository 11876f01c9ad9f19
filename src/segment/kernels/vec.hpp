// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// GCC vector types of V floats for our kernels' one body per instruction set:
// the code is written once with vec<V>, and the target-attributed function it
// is inlined into (AVX-512, AVX2 + FMA, or the x86-64 baseline) decides the
// instructions. Vectors never cross a call by value (the ABI would differ
// between the builds): helpers take references and are always inlined.
// Kernel files using these are built with -ffp-contract=fast, so x * w + acc
// is one FMA where the target has it.

#include <cstdint>

#include "segment/kernels/epilogue.hpp"

namespace fakecam::segment::kernels::simd {

template <int V>
struct Lanes {
  typedef float type __attribute__((vector_size(V * sizeof(float))));
  typedef std::int32_t ints __attribute__((vector_size(V * sizeof(float))));
};
template <>
struct Lanes<1> {
  using type = float;
  using ints = std::int32_t;
};
template <int V>
using vec = typename Lanes<V>::type;
// The same lanes as 32-bit integers (bit tricks on floats, e.g. 2^n).
template <int V>
using ivec = typename Lanes<V>::ints;

template <int V>
[[gnu::always_inline]] inline void load(vec<V>& v, const float* p) {
  __builtin_memcpy(&v, p, sizeof v);
}
template <int V>
[[gnu::always_inline]] inline void store(float* p, const vec<V>& v) {
  __builtin_memcpy(p, &v, sizeof v);
}
template <int V>
[[gnu::always_inline]] inline void splat(vec<V>& v, float x) {
  v = vec<V>{} + x;
}

// The epilogue on a register. hard-swish as XNNPACK computes it:
// y * clamp(y/6 + 1/2, 0, 1).
template <int V>
[[gnu::always_inline]] inline void apply(vec<V>& y, const Epilogue& e) {
  vec<V> lo, hi;
  splat<V>(lo, e.min);
  splat<V>(hi, e.max);
  y = y < lo ? lo : y;
  y = y > hi ? hi : y;
  if (e.hard_swish) {
    vec<V> zero{}, one, sixth, half;
    splat<V>(one, 1.0f);
    splat<V>(sixth, 1.0f / 6.0f);
    splat<V>(half, 0.5f);
    vec<V> t = y * sixth + half;
    t = t < zero ? zero : t;
    t = t > one ? one : t;
    y = y * t;
  }
}

}  // namespace fakecam::segment::kernels::simd
