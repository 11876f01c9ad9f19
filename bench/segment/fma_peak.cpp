// SPDX-License-Identifier: GPL-3.0-or-later
#include "fma_peak.hpp"

#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace fakecam::bench {

namespace {

// 12 independent accumulators, each its own variable so that they stay in
// registers (an array is kept in memory at -O2, and the loads and stores then
// bound the loop): enough to cover the FMA latency (4 cycles) on two pipes.
// Returns a value that depends on every lane, so nothing is elided.
constexpr int kAccumulators = 12;

__attribute__((target("avx512f"))) float fma_avx512(std::int64_t rounds) {
  __m512 a0 = _mm512_set1_ps(0e-3f);
  __m512 a1 = _mm512_set1_ps(1e-3f);
  __m512 a2 = _mm512_set1_ps(2e-3f);
  __m512 a3 = _mm512_set1_ps(3e-3f);
  __m512 a4 = _mm512_set1_ps(4e-3f);
  __m512 a5 = _mm512_set1_ps(5e-3f);
  __m512 a6 = _mm512_set1_ps(6e-3f);
  __m512 a7 = _mm512_set1_ps(7e-3f);
  __m512 a8 = _mm512_set1_ps(8e-3f);
  __m512 a9 = _mm512_set1_ps(9e-3f);
  __m512 a10 = _mm512_set1_ps(10e-3f);
  __m512 a11 = _mm512_set1_ps(11e-3f);
  const __m512 a = _mm512_set1_ps(0.999999f);
  const __m512 b = _mm512_set1_ps(1e-7f);
  for (std::int64_t r = 0; r < rounds; ++r) {
    a0 = _mm512_fmadd_ps(a0, a, b);
    a1 = _mm512_fmadd_ps(a1, a, b);
    a2 = _mm512_fmadd_ps(a2, a, b);
    a3 = _mm512_fmadd_ps(a3, a, b);
    a4 = _mm512_fmadd_ps(a4, a, b);
    a5 = _mm512_fmadd_ps(a5, a, b);
    a6 = _mm512_fmadd_ps(a6, a, b);
    a7 = _mm512_fmadd_ps(a7, a, b);
    a8 = _mm512_fmadd_ps(a8, a, b);
    a9 = _mm512_fmadd_ps(a9, a, b);
    a10 = _mm512_fmadd_ps(a10, a, b);
    a11 = _mm512_fmadd_ps(a11, a, b);
  }
  const __m512 sum = _mm512_add_ps(
      _mm512_add_ps(
          _mm512_add_ps(
              _mm512_add_ps(
                  _mm512_add_ps(
                      _mm512_add_ps(
                          _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), a2), a3), a4),
                                        a5),
                          a6),
                      a7),
                  a8),
              a9),
          a10),
      a11);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  float total = 0;
  for (float v : lanes) total += v;
  return total;
}

__attribute__((target("avx2,fma"))) float fma_avx2(std::int64_t rounds) {
  __m256 a0 = _mm256_set1_ps(0e-3f);
  __m256 a1 = _mm256_set1_ps(1e-3f);
  __m256 a2 = _mm256_set1_ps(2e-3f);
  __m256 a3 = _mm256_set1_ps(3e-3f);
  __m256 a4 = _mm256_set1_ps(4e-3f);
  __m256 a5 = _mm256_set1_ps(5e-3f);
  __m256 a6 = _mm256_set1_ps(6e-3f);
  __m256 a7 = _mm256_set1_ps(7e-3f);
  __m256 a8 = _mm256_set1_ps(8e-3f);
  __m256 a9 = _mm256_set1_ps(9e-3f);
  __m256 a10 = _mm256_set1_ps(10e-3f);
  __m256 a11 = _mm256_set1_ps(11e-3f);
  const __m256 a = _mm256_set1_ps(0.999999f);
  const __m256 b = _mm256_set1_ps(1e-7f);
  for (std::int64_t r = 0; r < rounds; ++r) {
    a0 = _mm256_fmadd_ps(a0, a, b);
    a1 = _mm256_fmadd_ps(a1, a, b);
    a2 = _mm256_fmadd_ps(a2, a, b);
    a3 = _mm256_fmadd_ps(a3, a, b);
    a4 = _mm256_fmadd_ps(a4, a, b);
    a5 = _mm256_fmadd_ps(a5, a, b);
    a6 = _mm256_fmadd_ps(a6, a, b);
    a7 = _mm256_fmadd_ps(a7, a, b);
    a8 = _mm256_fmadd_ps(a8, a, b);
    a9 = _mm256_fmadd_ps(a9, a, b);
    a10 = _mm256_fmadd_ps(a10, a, b);
    a11 = _mm256_fmadd_ps(a11, a, b);
  }
  const __m256 sum = _mm256_add_ps(
      _mm256_add_ps(
          _mm256_add_ps(
              _mm256_add_ps(
                  _mm256_add_ps(
                      _mm256_add_ps(
                          _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), a2), a3), a4),
                                        a5),
                          a6),
                      a7),
                  a8),
              a9),
          a10),
      a11);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  float total = 0;
  for (float v : lanes) total += v;
  return total;
}

// x86-64 baseline: a multiply and an add per lane count as one MAC.
float fma_sse(std::int64_t rounds) {
  __m128 a0 = _mm_set1_ps(0e-3f);
  __m128 a1 = _mm_set1_ps(1e-3f);
  __m128 a2 = _mm_set1_ps(2e-3f);
  __m128 a3 = _mm_set1_ps(3e-3f);
  __m128 a4 = _mm_set1_ps(4e-3f);
  __m128 a5 = _mm_set1_ps(5e-3f);
  __m128 a6 = _mm_set1_ps(6e-3f);
  __m128 a7 = _mm_set1_ps(7e-3f);
  __m128 a8 = _mm_set1_ps(8e-3f);
  __m128 a9 = _mm_set1_ps(9e-3f);
  __m128 a10 = _mm_set1_ps(10e-3f);
  __m128 a11 = _mm_set1_ps(11e-3f);
  const __m128 a = _mm_set1_ps(0.999999f);
  const __m128 b = _mm_set1_ps(1e-7f);
  for (std::int64_t r = 0; r < rounds; ++r) {
    a0 = _mm_add_ps(_mm_mul_ps(a0, a), b);
    a1 = _mm_add_ps(_mm_mul_ps(a1, a), b);
    a2 = _mm_add_ps(_mm_mul_ps(a2, a), b);
    a3 = _mm_add_ps(_mm_mul_ps(a3, a), b);
    a4 = _mm_add_ps(_mm_mul_ps(a4, a), b);
    a5 = _mm_add_ps(_mm_mul_ps(a5, a), b);
    a6 = _mm_add_ps(_mm_mul_ps(a6, a), b);
    a7 = _mm_add_ps(_mm_mul_ps(a7, a), b);
    a8 = _mm_add_ps(_mm_mul_ps(a8, a), b);
    a9 = _mm_add_ps(_mm_mul_ps(a9, a), b);
    a10 = _mm_add_ps(_mm_mul_ps(a10, a), b);
    a11 = _mm_add_ps(_mm_mul_ps(a11, a), b);
  }
  const __m128 sum = _mm_add_ps(
      _mm_add_ps(
          _mm_add_ps(
              _mm_add_ps(
                  _mm_add_ps(
                      _mm_add_ps(_mm_add_ps(_mm_add_ps(_mm_add_ps(_mm_add_ps(_mm_add_ps(a0, a1), a2), a3), a4), a5),
                                 a6),
                      a7),
                  a8),
              a9),
          a10),
      a11);
  alignas(16) float lanes[4];
  _mm_store_ps(lanes, sum);
  float total = 0;
  for (float v : lanes) total += v;
  return total;
}

volatile float g_sink;

}  // namespace

FmaPeak measure_fma_peak() {
  __builtin_cpu_init();
  FmaPeak peak{"sse", 0};
  float (*kernel)(std::int64_t) = fma_sse;
  int lanes = 4;
  if (__builtin_cpu_supports("avx512f")) {
    peak.isa = "avx512f";
    kernel = fma_avx512;
    lanes = 16;
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    peak.isa = "avx2+fma";
    kernel = fma_avx2;
    lanes = 8;
  }
  constexpr std::int64_t kRounds = 200'000;  // ~2-5 ms per run
  for (int run = 0; run < 12; ++run) {
    const auto start = std::chrono::steady_clock::now();
    g_sink = kernel(kRounds);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    const double macs = static_cast<double>(kRounds) * kAccumulators * lanes;
    peak.gmacs_per_s = std::max(peak.gmacs_per_s, macs / elapsed.count() / 1e9);
  }
  return peak;
}

const FmaPeak& fma_peak() {
  static const FmaPeak peak = measure_fma_peak();
  return peak;
}

}  // namespace fakecam::bench
