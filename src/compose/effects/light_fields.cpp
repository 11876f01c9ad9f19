// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/light_fields.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

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

// The fine Gaussian's taps, as OpenCV's getGaussianKernel(5, 1) makes them:
// exp(-k^2 / 2) for k = 0, 1, 2, normalised.
struct Taps {
  float centre, next, outer;
};
Taps fine_taps() {
  const double next = std::exp(-0.5), outer = std::exp(-2.0), sum = 1.0 + 2.0 * next + 2.0 * outer;
  return {static_cast<float>(1.0 / sum), static_cast<float>(next / sum), static_cast<float>(outer / sum)};
}
const Taps kFine = fine_taps();

// The loops below are also built for AVX2 and FMA, picked at load time (as
// kernels.cpp's FAKECAM_KERNEL): 8 lanes instead of 4.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(FAKECAM_NO_CLONES)
#define FAKECAM_LIGHT_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define FAKECAM_LIGHT_CLONES
#endif

// p: the row with two replicated values on each side.
FAKECAM_LIGHT_CLONES void blur_across(const float* __restrict p, float* __restrict out, int n, Taps t) {
  for (int i = 0; i < n; ++i) {
    out[i] = t.outer * (p[i] + p[i + 4]) + t.next * (p[i + 1] + p[i + 3]) + t.centre * p[i + 2];
  }
}

FAKECAM_LIGHT_CLONES void blur_down(const float* __restrict r0, const float* __restrict r1, const float* __restrict r2,
                                    const float* __restrict r3, const float* __restrict r4, float* __restrict out,
                                    int n, Taps t) {
  for (int i = 0; i < n; ++i) out[i] = t.outer * (r0[i] + r4[i]) + t.next * (r1[i] + r3[i]) + t.centre * r2[i];
}

// Four rows summed down, then each four columns across; 8 outputs at a
// time from a stack block (constant trip counts: both loops vectorize).
template <int kOut>
[[gnu::always_inline]] inline void shrink_block_by_4(const float* __restrict r0, const float* __restrict r1,
                                                     const float* __restrict r2, const float* __restrict r3,
                                                     float* __restrict out) {
  float down[4 * kOut];
  for (int i = 0; i < 4 * kOut; ++i) down[i] = (r0[i] + r1[i]) + (r2[i] + r3[i]);
  for (int j = 0; j < kOut; ++j) {
    out[j] = ((down[4 * j] + down[4 * j + 1]) + (down[4 * j + 2] + down[4 * j + 3])) * (1.0f / 16.0f);
  }
}

FAKECAM_LIGHT_CLONES void shrink_row_by_4(const float* r0, const float* r1, const float* r2, const float* r3,
                                          float* out, int n_out) {
  int j = 0;
  for (; j + 8 <= n_out; j += 8) shrink_block_by_4<8>(r0 + 4 * j, r1 + 4 * j, r2 + 4 * j, r3 + 4 * j, out + j);
  for (; j < n_out; ++j) shrink_block_by_4<1>(r0 + 4 * j, r1 + 4 * j, r2 + 4 * j, r3 + 4 * j, out + j);
}

}  // namespace

void shrink_by_4(const cv::Mat& src, cv::Mat& dst) {
  CV_Assert(src.type() == CV_32FC1 && src.cols % 4 == 0 && src.rows % 4 == 0 && !src.empty());
  CV_Assert(dst.data == nullptr || dst.data != src.data);
  dst.create(src.rows / 4, src.cols / 4, CV_32F);
  for (int r = 0; r < dst.rows; ++r) {
    shrink_row_by_4(src.ptr<float>(4 * r), src.ptr<float>(4 * r + 1), src.ptr<float>(4 * r + 2),
                    src.ptr<float>(4 * r + 3), dst.ptr<float>(r), dst.cols);
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
  const float* __restrict yb = in.yb;
  const float* __restrict wb = in.wb;
  const float* __restrict base = in.base;
  const float* __restrict y = in.y;
  const float low = std::log(kMinGain), high = std::log(kMaxGain);
  for (int i = 0; i < n; ++i) {
    const float person = weighted_mean(ya[i], w[i], base[i]);
    const float r = person / weighted_mean(yb[i], wb[i], y[i]);
    ratio[i] = std::min(std::max(r, 1.0f / kMaxRatio), kMaxRatio);
    const float x = k_base * ln_positive(base[i]) + k_yp * ln_positive(person);
    const float g = exp_gain_range(std::min(std::max(x, low), high));
    gain[i] = g;
    q9[i] = g * kGainOne - dim_q9;
  }
}

void FineBlur::pad_row(float* row, int cols) {
  row[0] = row[1] = row[2];
  row[cols + 3] = row[cols + 2] = row[cols + 1];
}

void FineBlur::start(const std::array<const cv::Mat*, kPlanes>& planes, int cols) {
  for (const cv::Mat* p : planes) {
    CV_Assert(p->type() == CV_32FC1 && p->cols == cols + 4 && p->rows == planes[0]->rows);
  }
  planes_ = planes;
  cols_ = cols;
  rows_ = planes[0]->rows;
  next_ = 0;
  last_row_ = -1;
  across_.create(5 * kPlanes, cols, CV_32F);
  out_.create(kPlanes, cols, CV_32F);
}

std::array<const float*, FineBlur::kPlanes> FineBlur::row(int r) {
  CV_Assert(r == last_row_ + 1 && r < rows_);
  last_row_ = r;
  // Rows r - 2 .. r + 2 are blurred across into the ring by row % 5: five
  // consecutive rows, five slots; the row blurred next overwrites r - 3's.
  for (const int last = std::min(r + 2, rows_ - 1); next_ <= last; ++next_) {
    for (int p = 0; p < kPlanes; ++p) {
      blur_across(planes_[static_cast<std::size_t>(p)]->ptr<float>(next_),
                  across_.ptr<float>((next_ % 5) * kPlanes + p), cols_, kFine);
    }
  }
  std::array<const float*, kPlanes> out{};
  for (int p = 0; p < kPlanes; ++p) {
    std::array<const float*, 5> in{};
    for (int k = 0; k < 5; ++k) {
      in[static_cast<std::size_t>(k)] = across_.ptr<float>((std::clamp(r - 2 + k, 0, rows_ - 1) % 5) * kPlanes + p);
    }
    blur_down(in[0], in[1], in[2], in[3], in[4], out_.ptr<float>(p), cols_, kFine);
    out[static_cast<std::size_t>(p)] = out_.ptr<float>(p);
  }
  return out;
}

}  // namespace fakecam::compose::light
