// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/kernels.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "compose/kernels/clones.hpp"

// Compiled with -O3 (CMakeLists.txt): GCC's -O2 cost model does not
// vectorize loops that need a scalar tail, which is all of these. Each is
// also built for AVX2 (FAKECAM_KERNEL, clones.hpp).

namespace fakecam::compose::kernels {

namespace {
// At most 255 * 255 + 128: the sum fits 16 bits, so the vector code stays
// in 16-bit lanes. (x + (x >> 8)) >> 8 is x / 255 rounded, exact for
// x = v + 128 with v in [0, 255 * 255]: an alpha of 255 gives fg and one of
// 0 gives bg, exactly.
template <int kN>
[[gnu::always_inline]] inline void blend_block(const std::uint8_t* fg, const std::uint8_t* bg,
                                               const std::uint8_t* __restrict alpha, std::uint8_t* out) {
  std::uint8_t result[kN];
  for (int i = 0; i < kN; ++i) {
    const std::uint16_t a = alpha[i];
    const std::uint16_t x = static_cast<std::uint16_t>(fg[i] * a + bg[i] * static_cast<std::uint16_t>(255 - a) + 128);
    result[i] = static_cast<std::uint8_t>((x + (x >> 8)) >> 8);
  }
  std::memcpy(out, result, kN);
}

constexpr int kBlock = 32;

// kBlock bytes through a local (src may be out itself: a caller blends in
// place over either input), so the copy is one vector load and store.
[[gnu::always_inline]] inline void copy_block(const std::uint8_t* src, std::uint8_t* out) {
  std::uint8_t block[kBlock];
  std::memcpy(block, src, sizeof block);
  std::memcpy(out, block, sizeof block);
}

// All kBlock values of p equal to v (0 or 255).
[[gnu::always_inline]] inline bool all_of(const std::uint8_t* p, std::uint64_t v) {
  std::uint64_t w[kBlock / 8];
  std::memcpy(w, p, kBlock);
  return w[0] == v && w[1] == v && w[2] == v && w[3] == v;
}
}  // namespace

FAKECAM_INT_KERNEL
void blend_u8(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha, std::uint8_t* out, int n) {
  // Most blocks of a frame are all person or all background: their blend is
  // the frame's or the background's value, copied (in place over the frame,
  // a person block is left as it is).
  int i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    if (all_of(alpha + i, 0)) {
      copy_block(bg + i, out + i);
    } else if (all_of(alpha + i, ~std::uint64_t{0})) {
      if (out + i != fg + i) copy_block(fg + i, out + i);
    } else {
      blend_block<kBlock>(fg + i, bg + i, alpha + i, out + i);
    }
  }
  for (; i < n; ++i) blend_block<1>(fg + i, bg + i, alpha + i, out + i);
}

FAKECAM_INT_KERNEL
void triple_u8(const std::uint8_t* alpha, std::uint8_t* out3, int n) {
  for (int i = 0; i < n; ++i) {
    const std::uint8_t a = alpha[i];
    out3[3 * i] = a;
    out3[3 * i + 1] = a;
    out3[3 * i + 2] = a;
  }
}

FAKECAM_INT_KERNEL
void lerp_q4_to_u8(const std::int16_t* r0, const std::int16_t* r1, int w1, std::uint8_t* out, int n) {
  const int w0 = 2048 - w1;
  for (int i = 0; i < n; ++i) {
    const int v = (r0[i] * w0 + r1[i] * w1 + (1 << 14)) >> 15;
    out[i] = static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
  }
}

namespace {
template <int kN>
[[gnu::always_inline]] inline void lerp_block(const std::uint8_t* r0, const std::uint8_t* r1, std::uint16_t a,
                                              std::uint16_t b, std::uint8_t* out) {
  for (int i = 0; i < kN; ++i) {
    out[i] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(r0[i] * a + r1[i] * b + 128) >> 8);
  }
}
}  // namespace

FAKECAM_INT_KERNEL
void blend_lerp_u8(const std::uint8_t* fg, const std::uint8_t* r0, const std::uint8_t* r1, int w1,
                   const std::uint8_t* alpha, std::uint8_t* out, int n) {
  const auto b = static_cast<std::uint16_t>(w1);
  const auto a = static_cast<std::uint16_t>(256 - w1);
  std::uint8_t bg[kBlock];
  int i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    if (all_of(alpha + i, ~std::uint64_t{0})) {
      if (out + i != fg + i) copy_block(fg + i, out + i);
      continue;
    }
    if (all_of(alpha + i, 0)) {
      lerp_block<kBlock>(r0 + i, r1 + i, a, b, out + i);
      continue;
    }
    lerp_block<kBlock>(r0 + i, r1 + i, a, b, bg);
    blend_block<kBlock>(fg + i, bg, alpha + i, out + i);
  }
  for (; i < n; ++i) {
    lerp_block<1>(r0 + i, r1 + i, a, b, bg);
    blend_block<1>(fg + i, bg, alpha + i, out + i);
  }
}

FAKECAM_INT_KERNEL
void lerp_u8(const std::uint8_t* r0, const std::uint8_t* r1, int w1, std::uint8_t* out, int n) {
  // 255 * 256 + 128 fits 16 bits: 16-bit lanes.
  const auto b = static_cast<std::uint16_t>(w1);
  const auto a = static_cast<std::uint16_t>(256 - w1);
  for (int i = 0; i < n; ++i) {
    out[i] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(r0[i] * a + r1[i] * b + 128) >> 8);
  }
}

FAKECAM_KERNEL
void stretch_row_q4(const float* src, const int* x0, const float* w, std::int16_t* out, int n) {
  for (int i = 0; i < n; ++i) {
    const float a = src[x0[i]];
    const float b = src[x0[i] + 1];
    const float v = a + (b - a) * w[i];
    // Round half away from zero; the values are far inside int16.
    out[i] = static_cast<std::int16_t>(static_cast<int>(v + (v >= 0.0f ? 0.5f : -0.5f)));
  }
}

}  // namespace fakecam::compose::kernels

namespace fakecam::compose::kernels {

FAKECAM_KERNEL
void stretch_row_f32(const float* __restrict src, const int* x0, const float* w, float* __restrict out, int n) {
  // __restrict: src and out are both float, and without it GCC cannot
  // vectorize the gather (it cannot version a gather for aliasing).
  for (int i = 0; i < n; ++i) {
    const float a = src[x0[i]];
    const float b = src[x0[i] + 1];
    out[i] = a + (b - a) * w[i];
  }
}

FAKECAM_KERNEL
void guided_row(const float* a0, const float* a1, const float* b0, const float* b1, float w, const std::uint8_t* grey,
                std::uint8_t* out, int n) {
  for (int i = 0; i < n; ++i) {
    const float a = a0[i] + w * (a1[i] - a0[i]);
    const float b = b0[i] + w * (b1[i] - b0[i]);
    float v = a * static_cast<float>(grey[i]) + b + 0.5f;
    // Written so that NaN becomes 0.
    v = v > 0.0f ? (v < 255.0f ? v : 255.0f) : 0.0f;
    out[i] = static_cast<std::uint8_t>(static_cast<int>(v));
  }
}

}  // namespace fakecam::compose::kernels

namespace fakecam::compose::kernels {

namespace {

// Output k of each source sample j sits (k + 0.5) / kFactor - 0.5 source
// samples from it: between j - 1 and j for the first half, j and j + 1 for
// the second; in 1/256ths that is a whole number for these factors.
template <int kFactor>
[[gnu::always_inline]] inline void stretch_row(const std::uint8_t* __restrict padded, std::uint8_t* __restrict out,
                                               int n) {
  constexpr int kHalfStep = 128 / kFactor;
  for (int j = 0; j < n; ++j) {
    const std::uint16_t left = padded[j], centre = padded[j + 1], right = padded[j + 2];
#pragma GCC unroll 8
    for (int k = 0; k < kFactor; ++k) {
      const int offset = (2 * k + 1) * kHalfStep - 128;
      const std::uint16_t v = offset < 0
                                  ? static_cast<std::uint16_t>(left * static_cast<std::uint16_t>(-offset) +
                                                               centre * static_cast<std::uint16_t>(256 + offset) + 128)
                                  : static_cast<std::uint16_t>(centre * static_cast<std::uint16_t>(256 - offset) +
                                                               right * static_cast<std::uint16_t>(offset) + 128);
      out[kFactor * j + k] = static_cast<std::uint8_t>(v >> 8);
    }
  }
}

FAKECAM_KERNEL void stretch_row_2(const std::uint8_t* padded, std::uint8_t* out, int n) {
  stretch_row<2>(padded, out, n);
}
FAKECAM_KERNEL void stretch_row_4(const std::uint8_t* padded, std::uint8_t* out, int n) {
  stretch_row<4>(padded, out, n);
}
FAKECAM_KERNEL void stretch_row_8(const std::uint8_t* padded, std::uint8_t* out, int n) {
  stretch_row<8>(padded, out, n);
}

}  // namespace

bool stretch_row_u8(const std::uint8_t* padded, int factor, std::uint8_t* out, int n) {
  switch (factor) {
    case 2:
      stretch_row_2(padded, out, n);
      return true;
    case 4:
      stretch_row_4(padded, out, n);
      return true;
    case 8:
      stretch_row_8(padded, out, n);
      return true;
    default:
      return false;
  }
}

FAKECAM_INT_KERNEL
void accumulate_u8_u16(const std::uint8_t* src, std::uint16_t* acc, int n) {
  for (int i = 0; i < n; ++i) acc[i] = static_cast<std::uint16_t>(acc[i] + src[i]);
}

namespace {

// A factor known at compile time (kFactor > 0): the group sums become
// shuffles and adds, where the loop over a run-time factor (kFactor 0)
// stays scalar (5 % of the compose thread at 1080p, perf).
template <int kFactor>
[[gnu::always_inline]] inline void shrink_row(const std::uint16_t* __restrict acc, int run_time_factor,
                                              std::uint32_t reciprocal_q16, std::uint8_t* __restrict out, int n_out) {
  const int factor = kFactor > 0 ? kFactor : run_time_factor;
  for (int j = 0; j < n_out; ++j) {
    std::uint32_t sum = 0;
    for (int k = 0; k < factor; ++k) sum += acc[j * factor + k];
    out[j] = static_cast<std::uint8_t>((sum * reciprocal_q16 + (1u << 15)) >> 16);
  }
}

}  // namespace

FAKECAM_INT_KERNEL
void shrink_row_u16(const std::uint16_t* acc, int factor, std::uint32_t reciprocal_q16, std::uint8_t* out, int n_out) {
  switch (factor) {
    case 2:
      return shrink_row<2>(acc, factor, reciprocal_q16, out, n_out);
    case 4:
      return shrink_row<4>(acc, factor, reciprocal_q16, out, n_out);
    case 8:
      return shrink_row<8>(acc, factor, reciprocal_q16, out, n_out);
    default:
      return shrink_row<0>(acc, factor, reciprocal_q16, out, n_out);
  }
}

FAKECAM_KERNEL
void sum_rows_f32(const float* const* rows, int count, float* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = rows[0][i];
  for (int k = 1; k < count; ++k) {
    const float* __restrict row = rows[k];
    for (int i = 0; i < n; ++i) out[i] += row[i];
  }
}

namespace {

template <int Taps>
void sum_window_fixed(const float* __restrict padded, float scale, float* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    float sum = padded[i];
    for (int k = 1; k < Taps; ++k) sum += padded[i + k];
    out[i] = sum * scale;
  }
}

}  // namespace

FAKECAM_KERNEL
void sum_window_f32(const float* __restrict padded, int taps, float scale, float* __restrict out, int n) {
  // The common window sizes as constants: one pass, unrolled.
  switch (taps) {
    case 3:
      return sum_window_fixed<3>(padded, scale, out, n);
    case 5:
      return sum_window_fixed<5>(padded, scale, out, n);
    case 7:
      return sum_window_fixed<7>(padded, scale, out, n);
    case 9:
      return sum_window_fixed<9>(padded, scale, out, n);
    default:
      break;
  }
  for (int i = 0; i < n; ++i) out[i] = padded[i];
  for (int k = 1; k < taps; ++k) {
    for (int i = 0; i < n; ++i) out[i] += padded[i + k];
  }
  for (int i = 0; i < n; ++i) out[i] *= scale;
}

FAKECAM_KERNEL
void slide_rows_f32(const float* __restrict add, const float* __restrict remove, float* __restrict sum, int n) {
  for (int i = 0; i < n; ++i) sum[i] += add[i] - remove[i];
}

}  // namespace fakecam::compose::kernels

namespace fakecam::compose::kernels {

FAKECAM_KERNEL
void guided_row_bgr(const float* a0, const float* a1, const float* b0, const float* b1, float w,
                    const std::uint8_t* bgr, std::uint8_t* out, int n) {
  for (int i = 0; i < n; ++i) {
    const int grey =
        (bgr[3 * i] * kGreyB + bgr[3 * i + 1] * kGreyG + bgr[3 * i + 2] * kGreyR + (1 << (kGreyShift - 1))) >>
        kGreyShift;
    const float a = a0[i] + w * (a1[i] - a0[i]);
    const float b = b0[i] + w * (b1[i] - b0[i]);
    float v = a * static_cast<float>(grey) + b + 0.5f;
    v = v > 0.0f ? (v < 255.0f ? v : 255.0f) : 0.0f;
    out[i] = static_cast<std::uint8_t>(static_cast<int>(v));
  }
}

namespace {

// The factor as a constant: the compiler unrolls the sums.
template <int F>
void shrink_bgr_row_fixed(const std::uint16_t* acc, std::uint64_t reciprocal, std::uint8_t* out, int n_out) {
  for (int j = 0; j < n_out; ++j) {
    std::uint32_t b = 0, g = 0, r = 0;
    const std::uint16_t* p = acc + static_cast<std::size_t>(3 * F) * j;
    for (int k = 0; k < F; ++k) {
      b += p[3 * k];
      g += p[3 * k + 1];
      r += p[3 * k + 2];
    }
    // The weighted sum is at most 255 * F * F * 2^15: 32 bits hold it for F <= 16.
    const std::uint64_t weighted = static_cast<std::uint64_t>(b * kGreyB + g * kGreyG + r * kGreyR);
    out[j] = static_cast<std::uint8_t>(std::min<std::uint64_t>(255, (weighted * reciprocal + (1ull << 31)) >> 32));
  }
}

}  // namespace

void shrink_bgr_row_u16(const std::uint16_t* acc, int factor, int rows, std::uint8_t* out, int n_out) {
  const double count = static_cast<double>(factor) * rows;
  // grey(mean) = (sum_b kB + sum_g kG + sum_r kR) / (count 2^14), rounded.
  const auto reciprocal =
      static_cast<std::uint64_t>((static_cast<double>(1ull << 32)) / (count * (1 << kGreyShift)) + 0.5);
  switch (factor) {
    case 2:
      return shrink_bgr_row_fixed<2>(acc, reciprocal, out, n_out);
    case 3:
      return shrink_bgr_row_fixed<3>(acc, reciprocal, out, n_out);
    case 4:
      return shrink_bgr_row_fixed<4>(acc, reciprocal, out, n_out);
    case 5:
      return shrink_bgr_row_fixed<5>(acc, reciprocal, out, n_out);
    case 6:
      return shrink_bgr_row_fixed<6>(acc, reciprocal, out, n_out);
    default:
      break;
  }
  for (int j = 0; j < n_out; ++j) {
    std::uint64_t b = 0, g = 0, r = 0;
    const std::uint16_t* p = acc + static_cast<std::size_t>(3) * j * factor;
    for (int k = 0; k < factor; ++k) {
      b += p[3 * k];
      g += p[3 * k + 1];
      r += p[3 * k + 2];
    }
    const std::uint64_t weighted = b * kGreyB + g * kGreyG + r * kGreyR;
    out[j] = static_cast<std::uint8_t>(std::min<std::uint64_t>(255, (weighted * reciprocal + (1ull << 31)) >> 32));
  }
}

}  // namespace fakecam::compose::kernels
