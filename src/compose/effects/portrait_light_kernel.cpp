// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/portrait_light_kernel.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/core/hal/intrin.hpp>

namespace fakecam::compose::light {
namespace {

// One pixel, as the vector loop does it (each row's tail).
inline void pixel(std::uint8_t* p, int alpha, const GainRows& rows, int x, float dim_q9) {
  const float d = rows.gain0[x] + rows.w1 * (rows.gain1[x] - rows.gain0[x]);
  const float r = rows.ratio0[x] + rows.w1 * (rows.ratio1[x] - rows.ratio0[x]);
  const float a = static_cast<float>(alpha) * (1.0f / 255.0f);
  const float share = a * r / (1.0f + a * (r - 1.0f));
  const int g = static_cast<int>(std::lrint(dim_q9 + d * share));
  for (int c = 0; c < 3; ++c) {
    const int v = (((p[c] << 7) + 64) * g) >> 16;  // p * g / 512, rounded
    p[c] = static_cast<std::uint8_t>(std::min(v, 255));
  }
}

}  // namespace

void apply_gain_row(std::uint8_t* bgr, const std::uint8_t* alpha, const GainRows& rows, int dim_q9, int width) {
  int x = 0;
#if CV_SIMD128
  const cv::v_float32x4 w1 = cv::v_setall_f32(rows.w1), one = cv::v_setall_f32(1.0f);
  const cv::v_float32x4 dim = cv::v_setall_f32(static_cast<float>(dim_q9));
  const cv::v_float32x4 to_unit = cv::v_setall_f32(1.0f / 255.0f);
  const cv::v_uint16x8 half = cv::v_setall_u16(64), dim_u16 = cv::v_setall_u16(static_cast<std::uint16_t>(dim_q9));
  const cv::v_uint8x16 none = cv::v_setzero_u8(), all = cv::v_setall_u8(255);
  auto lerp = [&](const float* r0, const float* r1, int i) {
    const cv::v_float32x4 a = cv::v_load(r0 + i);
    return cv::v_muladd(cv::v_load(r1 + i) - a, w1, a);
  };
  // The gain of 8 pixels from i, Q9; a16: their alpha (nullptr: all 255).
  auto gain8 = [&](int i, const cv::v_uint16x8* a16) {
    cv::v_int32x4 g[2];
    cv::v_uint32x4 a32[2];
    if (a16 != nullptr) cv::v_expand(*a16, a32[0], a32[1]);
    for (int k = 0; k < 2; ++k) {
      cv::v_float32x4 share = one;
      if (a16 != nullptr) {
        const cv::v_float32x4 a = cv::v_cvt_f32(cv::v_reinterpret_as_s32(a32[k])) * to_unit;
        const cv::v_float32x4 r = lerp(rows.ratio0, rows.ratio1, i + 4 * k);
        share = a * r / cv::v_muladd(a, r - one, one);
      }
      g[k] = cv::v_round(cv::v_muladd(lerp(rows.gain0, rows.gain1, i + 4 * k), share, dim));
    }
    return cv::v_reinterpret_as_u16(cv::v_pack(g[0], g[1]));
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
    const cv::v_uint8x16 a8 = cv::v_load(alpha + x);
    cv::v_uint16x8 g_lo = dim_u16, g_hi = dim_u16;  // all background: the dim alone
    if (cv::v_check_all(a8 == all)) {
      g_lo = gain8(x, nullptr);
      g_hi = gain8(x + 8, nullptr);
    } else if (!cv::v_check_all(a8 == none)) {
      cv::v_uint16x8 a_lo, a_hi;
      cv::v_expand(a8, a_lo, a_hi);
      g_lo = gain8(x, &a_lo);
      g_hi = gain8(x + 8, &a_hi);
    }
    std::uint8_t* p = bgr + 3 * x;
    cv::v_uint8x16 b, g, r;
    cv::v_load_deinterleave(p, b, g, r);
    cv::v_store_interleave(p, scale(b, g_lo, g_hi), scale(g, g_lo, g_hi), scale(r, g_lo, g_hi));
  }
#endif
  for (; x < width; ++x) pixel(bgr + 3 * x, alpha[x], rows, x, static_cast<float>(dim_q9));
}

}  // namespace fakecam::compose::light
