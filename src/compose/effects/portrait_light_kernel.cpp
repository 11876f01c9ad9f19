// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/portrait_light_kernel.hpp"

#include <cstring>

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

#define FAKECAM_LIGHT_KERNELS(suffix, attributes)                                                                      \
  attributes void gain_row_##suffix(const GainRows& rows, const std::uint8_t* alpha, int dim_q9, std::uint16_t* gain,  \
                                    std::uint16_t* gain3, int width) {                                                 \
    gain_row_impl(rows, alpha, dim_q9, gain, gain3, width);                                                            \
  }                                                                                                                    \
  attributes void scale_row_##suffix(std::uint8_t* p, const std::uint16_t* gain3, int n) {                             \
    scale_row_impl(p, gain3, n);                                                                                       \
  }                                                                                                                    \
  attributes void blend_scale_row_##suffix(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha3, \
                                           const std::uint16_t* gain3, std::uint8_t* out, int n) {                     \
    blend_scale_row_impl(fg, bg, alpha3, gain3, out, n);                                                               \
  }

FAKECAM_LIGHT_KERNELS(baseline, )

#if defined(__x86_64__) && defined(__GNUC__)
FAKECAM_LIGHT_KERNELS(avx2, __attribute__((target("avx2"))))
bool avx2_available() {
  static const bool available = __builtin_cpu_supports("avx2") != 0;
  return available;
}
#define FAKECAM_LIGHT_PICK(fn, isa) (isa == Isa::best && avx2_available() ? fn##_avx2 : fn##_baseline)
#else
bool avx2_available() { return false; }
#define FAKECAM_LIGHT_PICK(fn, isa) fn##_baseline
#endif

}  // namespace

bool has_avx2() { return avx2_available(); }

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

}  // namespace fakecam::compose::light
