// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/kernels/mean_of_sum.hpp"

#include <cstddef>
#include <vector>

#include "common/error.hpp"
#include "segment/kernels/vec.hpp"

namespace fakecam::segment::kernels {
namespace {

using simd::load;
using simd::store;
using simd::vec;

// Channels [c, c + V): per row, two accumulators over alternate pixels (the
// adds' latency), then into the total.
template <int V>
[[gnu::always_inline]] inline void block(const float* a, const float* b, float* mean, int h, int w, int C, int c) {
  vec<V> total{};
  for (int y = 0; y < h; ++y) {
    vec<V> s0{}, s1{};
    const std::ptrdiff_t row = static_cast<std::ptrdiff_t>(y) * w * C + c;
    int x = 0;
    for (; x + 2 <= w; x += 2) {
      vec<V> a0, b0, a1, b1;
      load<V>(a0, a + row + static_cast<std::ptrdiff_t>(x) * C);
      load<V>(b0, b + row + static_cast<std::ptrdiff_t>(x) * C);
      load<V>(a1, a + row + static_cast<std::ptrdiff_t>(x + 1) * C);
      load<V>(b1, b + row + static_cast<std::ptrdiff_t>(x + 1) * C);
      s0 += a0 + b0;
      s1 += a1 + b1;
    }
    if (x < w) {
      vec<V> a0, b0;
      load<V>(a0, a + row + static_cast<std::ptrdiff_t>(x) * C);
      load<V>(b0, b + row + static_cast<std::ptrdiff_t>(x) * C);
      s0 += a0 + b0;
    }
    total += s0 + s1;
  }
  const vec<V> m = total * (1.0f / static_cast<float>(h * w));
  store<V>(mean + c, m);
}

template <int W>
[[gnu::always_inline]] inline void mean_of_sum_impl(const float* a, const float* b, float* mean, int h, int w, int C) {
  int c = 0;
  if constexpr (W >= 16) {
    for (; c + 16 <= C; c += 16) block<16>(a, b, mean, h, w, C, c);
  }
  if constexpr (W >= 8) {
    for (; c + 8 <= C; c += 8) block<8>(a, b, mean, h, w, C, c);
  }
  for (; c + 4 <= C; c += 4) block<4>(a, b, mean, h, w, C, c);
  for (; c < C; ++c) block<1>(a, b, mean, h, w, C, c);
}

void mean_of_sum_baseline(const float* a, const float* b, float* mean, int h, int w, int C) {
  mean_of_sum_impl<4>(a, b, mean, h, w, C);
}
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2,fma"))) void mean_of_sum_avx2(const float* a, const float* b, float* mean, int h, int w,
                                                          int C) {
  mean_of_sum_impl<8>(a, b, mean, h, w, C);
}
__attribute__((target("avx512f,fma"))) void mean_of_sum_avx512(const float* a, const float* b, float* mean, int h,
                                                               int w, int C) {
  mean_of_sum_impl<16>(a, b, mean, h, w, C);
}
#endif

}  // namespace

void mean_of_sum(const float* a, const float* b, float* mean, int h, int w, int channels, Isa isa) {
  if (!isa_supported(isa)) fail("this CPU cannot run the {} mean of a sum", isa_name(isa));
#if defined(__x86_64__) && defined(__GNUC__)
  if (isa == Isa::avx512) return mean_of_sum_avx512(a, b, mean, h, w, channels);
  if (isa == Isa::avx2) return mean_of_sum_avx2(a, b, mean, h, w, channels);
#endif
  mean_of_sum_baseline(a, b, mean, h, w, channels);
}

void mean_of_sum_reference(const float* a, const float* b, float* mean, int h, int w, int channels) {
  std::vector<double> sums(static_cast<std::size_t>(channels), 0.0);
  for (std::ptrdiff_t p = 0; p < static_cast<std::ptrdiff_t>(h) * w; ++p) {
    for (int c = 0; c < channels; ++c) {
      const std::ptrdiff_t i = p * channels + c;
      sums[static_cast<std::size_t>(c)] += static_cast<double>(a[i] + b[i]);
    }
  }
  for (int c = 0; c < channels; ++c) {
    mean[c] = static_cast<float>(sums[static_cast<std::size_t>(c)] / (static_cast<double>(h) * w));
  }
}

}  // namespace fakecam::segment::kernels
