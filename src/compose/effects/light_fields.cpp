// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/light_fields.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>
#include <vector>

#include "compose/effects/portrait_light_kernel.hpp"

namespace fakecam::compose::light {
namespace {

// Where almost no person is near, the weighted means fall back to the plain
// luma (they are multiplied by an alpha near 0 there anyway).
constexpr float kWeightFloor = 1e-3f;

// The person's gain is kept within these (kGainOne: up to 4x fits).
constexpr float kMinGain = 0.25f, kMaxGain = 4.0f;
// The person's luma over the background's, kept within 1/16..16 (a black
// person before a white wall is ~1/16 already).
constexpr float kMaxRatio = 16.0f;

// (sum of w*y + floor*fallback) / (sum of w + floor), both already blurred.
inline float weighted_mean(float wy, float w, float fallback) {
  return (wy + kWeightFloor * fallback) / (w + kWeightFloor);
}

// a^16, and 0 below 1e-18: a^16 of a small alpha is a denormal float (from
// a < 0.004), which every later add and multiply on it (the blurs, the
// weighted means) pays ~100 cycles for; next to kWeightFloor it is 0 anyway.
inline float sure_weight(float a) {
  const float a2 = a * a, a4 = a2 * a2, a8 = a4 * a4, a16 = a8 * a8;
  return a16 > 1e-18f ? a16 : 0.0f;
}

// ln x for a positive normal float, within 2e-6 (its exponent, and the
// mantissa m in [1, 2) by 2 atanh((m - 1) / (m + 1)): five terms). Written
// out, not std::log, so that the fused loop below vectorizes.
[[gnu::always_inline]] inline float ln_positive(float x) {
  constexpr float kLn2 = 0.693147181f;
  const auto bits = std::bit_cast<std::uint32_t>(x);
  const auto exponent = static_cast<float>(static_cast<int>(bits >> 23) - 127);
  const float m = std::bit_cast<float>((bits & 0x7fffffu) | 0x3f800000u);
  const float t = (m - 1.0f) / (m + 1.0f), t2 = t * t;
  const float series = t * (2.0f + t2 * (2.0f / 3.0f + t2 * (2.0f / 5.0f + t2 * (2.0f / 7.0f + t2 * (2.0f / 9.0f)))));
  return series + exponent * kLn2;
}

// e^x for |x| <= ln 4 (the gain's range), within 3e-7 relative: 2^n with n
// the nearest integer to x / ln 2, times a degree-6 Taylor polynomial of the
// rest (|r| < 0.35).
[[gnu::always_inline]] inline float exp_gain_range(float x) {
  constexpr float kLn2 = 0.693147181f, kLog2e = 1.44269504f;
  const int n = static_cast<int>(x * kLog2e + 2.5f) - 2;  // x / ln 2 in [-2, 2]: truncation rounds
  const float r = x - static_cast<float>(n) * kLn2;
  const float p =
      1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24 + r * (1.0f / 120 + r * (1.0f / 720))))));
  return p * std::bit_cast<float>(static_cast<std::uint32_t>(n + 127) << 23);
}

// The loops below are also built for AVX2 and FMA, picked at load time (as
// kernels.cpp's FAKECAM_KERNEL): 8 lanes instead of 4.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(FAKECAM_NO_CLONES)
#define FAKECAM_LIGHT_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define FAKECAM_LIGHT_CLONES
#endif

}  // namespace

namespace {
// Two rows summed down, then each pair of columns across; kOut outputs at a
// time from a stack block (constant trip counts: both loops vectorize,
// where one loop with stride-2 loads ran scalar).
template <int kOut>
[[gnu::always_inline]] inline void mean_2x2_block(const float* __restrict r0, const float* __restrict r1,
                                                  float* __restrict out) {
  float down[2 * kOut];
  for (int i = 0; i < 2 * kOut; ++i) down[i] = r0[i] + r1[i];
  for (int j = 0; j < kOut; ++j) out[j] = (down[2 * j] + down[2 * j + 1]) * 0.25f;
}
}  // namespace

FAKECAM_LIGHT_CLONES void mean_2x2_row(const float* r0, const float* r1, float* out, int n_out) {
  int j = 0;
  for (; j + 8 <= n_out; j += 8) mean_2x2_block<8>(r0 + 2 * j, r1 + 2 * j, out + j);
  for (; j < n_out; ++j) mean_2x2_block<1>(r0 + 2 * j, r1 + 2 * j, out + j);
}

void shrink_by_2(const cv::Mat& src, cv::Mat& dst) {
  CV_Assert(src.type() == CV_32FC1 && src.cols % 2 == 0 && src.rows % 2 == 0 && !src.empty());
  CV_Assert(dst.data == nullptr || dst.data != src.data);
  dst.create(src.rows / 2, src.cols / 2, CV_32F);
  for (int r = 0; r < dst.rows; ++r)
    mean_2x2_row(src.ptr<float>(2 * r), src.ptr<float>(2 * r + 1), dst.ptr<float>(r), dst.cols);
}

namespace {
// out[i] = sum over k of taps[k] p[i + k] (across) and of taps[k] rows[k][i]
// (down). For the light's two kernels the tap count is a constant, so the
// sum stays in a register and the loop over i vectorizes; any other count
// takes the plain loops.
template <int kTaps>
[[gnu::always_inline]] inline void filter_row_n(const float* __restrict p, const float* __restrict taps,
                                                float* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    float sum = taps[0] * p[i];
    for (int k = 1; k < kTaps; ++k) sum += taps[k] * p[i + k];
    out[i] = sum;
  }
}

template <int kTaps>
[[gnu::always_inline]] inline void filter_down_n(const float* const* rows, const float* __restrict taps,
                                                 float* __restrict out, int n) {
  const float* __restrict r[kTaps];
  for (int k = 0; k < kTaps; ++k) r[k] = rows[k];
  for (int i = 0; i < n; ++i) {
    float sum = taps[0] * r[0][i];
    for (int k = 1; k < kTaps; ++k) sum += taps[k] * r[k][i];
    out[i] = sum;
  }
}

FAKECAM_LIGHT_CLONES void filter_row(const float* __restrict p, const float* __restrict taps, int n_taps,
                                     float* __restrict out, int n) {
  if (n_taps == 3) return filter_row_n<3>(p, taps, out, n);
  if (n_taps == 17) return filter_row_n<17>(p, taps, out, n);
  for (int i = 0; i < n; ++i) {
    float sum = 0;
    for (int k = 0; k < n_taps; ++k) sum += taps[k] * p[i + k];
    out[i] = sum;
  }
}

FAKECAM_LIGHT_CLONES void filter_down(const float* const* rows, const float* __restrict taps, int n_taps,
                                      float* __restrict out, int n) {
  if (n_taps == 3) return filter_down_n<3>(rows, taps, out, n);
  if (n_taps == 17) return filter_down_n<17>(rows, taps, out, n);
  for (int i = 0; i < n; ++i) {
    float sum = 0;
    for (int k = 0; k < n_taps; ++k) sum += taps[k] * rows[k][i];
    out[i] = sum;
  }
}
}  // namespace

SmallBlur::SmallBlur(std::vector<float> taps) : taps_(std::move(taps)) { CV_Assert(taps_.size() % 2 == 1); }

void SmallBlur::run(const cv::Mat& src, cv::Mat& dst) {
  CV_Assert(src.type() == CV_32FC1 && !src.empty());
  CV_Assert(dst.data == nullptr || dst.data != src.data);
  const int n_taps = static_cast<int>(taps_.size()), half = n_taps / 2, cols = src.cols;
  padded_.resize(static_cast<std::size_t>(cols + 2 * half));
  across_.create(src.size(), CV_32F);
  for (int r = 0; r < src.rows; ++r) {
    const float* row = src.ptr<float>(r);
    std::fill_n(padded_.begin(), half, row[0]);
    std::copy_n(row, cols, padded_.begin() + half);
    std::fill_n(padded_.begin() + half + cols, half, row[cols - 1]);
    filter_row(padded_.data(), taps_.data(), n_taps, across_.ptr<float>(r), cols);
  }
  dst.create(src.size(), CV_32F);
  rows_.resize(taps_.size());
  for (int r = 0; r < src.rows; ++r) {
    for (int k = 0; k < n_taps; ++k) {
      rows_[static_cast<std::size_t>(k)] = across_.ptr<float>(std::clamp(r - half + k, 0, src.rows - 1));
    }
    filter_down(rows_.data(), taps_.data(), n_taps, dst.ptr<float>(r), cols);
  }
}

FAKECAM_LIGHT_CLONES void weights_row(const std::uint8_t* __restrict grey, const float* __restrict alpha,
                                      float* __restrict y, float* __restrict w, float* __restrict ya,
                                      float* __restrict wb, float* __restrict yb, int n) {
  for (int i = 0; i < n; ++i) {
    const float luma = static_cast<float>(grey[i]) * (1.0f / 256.0f) + 0.5f / 256.0f;
    const float person = sure_weight(alpha[i]), background = sure_weight(1.0f - alpha[i]);
    y[i] = luma;
    w[i] = person;
    wb[i] = background;
    ya[i] = luma * person;
    yb[i] = luma * background;
  }
}

void base_row(const float* __restrict ya, const float* __restrict w, const float* __restrict y, float* __restrict base,
              int n) {
  for (int i = 0; i < n; ++i) base[i] = weighted_mean(ya[i], w[i], y[i]);
}

// About 20 operations and four divisions per pixel. One pass (it was five:
// two logs, an exp and two loops); __restrict and plain min/max so that it
// vectorizes.
FAKECAM_LIGHT_CLONES void gain_row_low(const FineRows& in, float k_base, float k_yp, float dim_q9,
                                       float* __restrict gain, float* __restrict q9, float* __restrict ratio, int n) {
  const float* __restrict ya = in.ya;
  const float* __restrict w = in.w;
  const float* __restrict ya_near = in.ya_near;
  const float* __restrict w_near = in.w_near;
  const float* __restrict yb = in.yb;
  const float* __restrict wb = in.wb;
  const float* __restrict base = in.base;
  const float* __restrict y = in.y;
  const float low = std::log(kMinGain), high = std::log(kMaxGain);
  for (int i = 0; i < n; ++i) {
    const float person = weighted_mean(ya[i], w[i], base[i]);
    const float r = weighted_mean(ya_near[i], w_near[i], base[i]) / weighted_mean(yb[i], wb[i], y[i]);
    ratio[i] = std::min(std::max(r, 1.0f / kMaxRatio), kMaxRatio);
    const float x = k_base * ln_positive(base[i]) + k_yp * ln_positive(person);
    const float g = exp_gain_range(std::min(std::max(x, low), high));
    gain[i] = g;
    q9[i] = g * kGainOne - dim_q9;
  }
}

}  // namespace fakecam::compose::light
