// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/portrait_light_kernel.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/core/hal/intrin.hpp>

namespace fakecam::compose::light {
namespace {

// alpha (0..255) as a Q13 fraction of 1, without a division: a * 32.125
// (255 -> 8191, 0 -> 0).
inline int alpha_q13(int a) { return (a << 5) + (a >> 3); }

// One pixel, exactly as the vector loop does it (the row's tail).
inline void pixel(std::uint8_t* p, int a, float r0, float r1, float w1, int dim_q9) {
  const int d = std::clamp(static_cast<int>(std::lrint(r0 + w1 * (r1 - r0))), -32768, 32767);
  const int g = dim_q9 + ((d * alpha_q13(a)) >> 16);  // Q12 * Q13 >> 16: Q9
  for (int c = 0; c < 3; ++c) {
    const int v = (((p[c] << 7) + 64) * g) >> 16;  // p * g / 512, rounded
    p[c] = static_cast<std::uint8_t>(std::min(v, 255));
  }
}

}  // namespace

void apply_gain_row(std::uint8_t* bgr, const std::uint8_t* alpha, const float* r0, const float* r1, float w1,
                    int dim_q9, int width) {
  int x = 0;
#if CV_SIMD128
  const cv::v_float32x4 vw1 = cv::v_setall_f32(w1);
  const cv::v_int16x8 vdim = cv::v_setall_s16(static_cast<std::int16_t>(dim_q9));
  const cv::v_uint16x8 half = cv::v_setall_u16(64);
  // The (Gp - dim) of 8 pixels, Q12, rounded and saturated as the tail's.
  auto row_gain = [&](int i) {
    cv::v_int32x4 d[2];
    for (int k = 0; k < 2; ++k) {
      const cv::v_float32x4 a = cv::v_load(r0 + i + 4 * k), b = cv::v_load(r1 + i + 4 * k);
      d[k] = cv::v_round(cv::v_muladd(b - a, vw1, a));
    }
    return cv::v_pack(d[0], d[1]);
  };
  // p * g / 512 for 16 bytes of one channel.
  auto scale = [&](const cv::v_uint8x16& p, const cv::v_uint16x8& g_lo, const cv::v_uint16x8& g_hi) {
    cv::v_uint16x8 lo, hi;
    cv::v_expand(p, lo, hi);
    lo = cv::v_mul_hi((lo << 7) + half, g_lo);
    hi = cv::v_mul_hi((hi << 7) + half, g_hi);
    return cv::v_pack(lo, hi);  // saturates at 255
  };
  for (; x + 16 <= width; x += 16) {
    cv::v_uint16x8 a_lo, a_hi;
    cv::v_expand(cv::v_load(alpha + x), a_lo, a_hi);
    a_lo = (a_lo << 5) + (a_lo >> 3);
    a_hi = (a_hi << 5) + (a_hi >> 3);
    const cv::v_uint16x8 g_lo =
        cv::v_reinterpret_as_u16(vdim + cv::v_mul_hi(row_gain(x), cv::v_reinterpret_as_s16(a_lo)));
    const cv::v_uint16x8 g_hi =
        cv::v_reinterpret_as_u16(vdim + cv::v_mul_hi(row_gain(x + 8), cv::v_reinterpret_as_s16(a_hi)));
    std::uint8_t* p = bgr + 3 * x;
    cv::v_uint8x16 b, g, r;
    cv::v_load_deinterleave(p, b, g, r);
    cv::v_store_interleave(p, scale(b, g_lo, g_hi), scale(g, g_lo, g_hi), scale(r, g_lo, g_hi));
  }
#endif
  for (; x < width; ++x) pixel(bgr + 3 * x, alpha[x], r0[x], r1[x], w1, dim_q9);
}

}  // namespace fakecam::compose::light
