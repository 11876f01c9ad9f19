// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/portrait_light.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/effects/portrait_light_kernel.hpp"
#include "compose/kernels/kernels.hpp"
#include "compose/kernels/resample_plan.hpp"
#include "compose/kernels/stretch_row_up.hpp"
#include "compose/mask/mask_pipeline.hpp"

namespace fakecam::compose {
namespace {

// At strength 100: the base luma is raised to the power 1 / 1.7 (a quarter
// grey becomes 0.44), detail around it is stretched by the power 1.5, and
// the background keeps 70% of its light. Chosen by eye on the samples:
// stronger looks like an over-processed photo.
constexpr float kMaxLift = 0.7f;
constexpr float kMaxContrast = 0.5f;
constexpr float kMaxDim = 0.3f;

// The person's luma is averaged over ~2 guide pixels (the detail that is
// stretched is coarser than this) and its base over ~30 frame pixels at
// 720p (the scale of cheeks and forehead: what a key light shapes).
constexpr double kFineSigma = 1.0;
// Cut at 2 sigma (OpenCV's default for float is 4: 9 taps, 3x the cost for
// the 1% of the weight beyond).
const cv::Size kFineKernel(5, 5);
constexpr int kCoarseFactor = 4;
constexpr double kCoarseSigma = 2.0;

// Where almost no person is near, the weighted means fall back to the plain
// luma (they are multiplied by an alpha near 0 there anyway).
constexpr float kWeightFloor = 1e-3f;

// The person's gain is kept within these (light::kGainOne: up to 4x fits).
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

// The fused loops of person_gain(), one guide row each; __restrict and
// plain min/max so that they vectorize.

void weights_row(const std::uint8_t* __restrict grey, const float* __restrict alpha, float* __restrict y,
                 float* __restrict w, float* __restrict ya, float* __restrict wb, float* __restrict yb, int n) {
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

// The person's base luma from the coarse blurs.
void base_row(const float* __restrict ya, const float* __restrict w, const float* __restrict y, float* __restrict base,
              int n) {
  for (int i = 0; i < n; ++i) base[i] = weighted_mean(ya[i], w[i], y[i]);
}

// Per guide pixel from the fine blurs, the base and the luma: the person's
// luma Yp, the luma ratio r (clamped), the person's gain Gp (clamped) and
// (Gp - dim) in Q9. One pass (it was five: two logs, an exp and two loops).
struct FineRows {
  const float *ya, *w, *yb, *wb;  // blurred
  const float *base, *y;
};

// Also built for AVX2 and FMA, picked at load time (as kernels.cpp's
// FAKECAM_KERNEL): about 20 operations and four divisions per pixel, where
// 8 lanes instead of 4 halve the light's guide-size cost.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(FAKECAM_NO_CLONES)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
void gain_row_low(const FineRows& in, float k_base, float k_yp, float dim_q9, float* __restrict gain,
                  float* __restrict q9, float* __restrict ratio, int n) {
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
    q9[i] = g * light::kGainOne - dim_q9;
  }
}

}  // namespace

PortraitLight::PortraitLight(int strength) : strength_(strength) {
  if (strength < 0 || strength > kMaxPortraitLight) fail("light {}: expected 0 to {}", strength, kMaxPortraitLight);
  const float s = static_cast<float>(strength) / 100.0f;
  gamma_ = 1.0f / (1.0f + kMaxLift * s);
  contrast_ = kMaxContrast * s;
  dim_ = 1.0f - kMaxDim * s;
}

void PortraitLight::person_gain(const cv::Mat& grey_low, const cv::Mat& alpha_low) {
  const cv::Size size = grey_low.size();
  for (cv::Mat* m : {&y_, &w_, &ya_, &wb_, &yb_}) m->create(size, CV_32F);
  // Each guide pixel weighs as alpha^16 (sure_weight): one on the edge is a
  // mix of person and background, and the background's luma in it would
  // bias the person's near the edge (a rim brighter or darker than the face;
  // before a bright window even alpha^4 let a quarter of window in 0.75 make
  // the person's luma there twice what it is). Only the nearly pure count;
  // the background's alike, with (1 - alpha)^16. Luma in (0, 1], never 0
  // (it is divided by and its log taken).
  for (int r = 0; r < size.height; ++r) {
    weights_row(grey_low.ptr<std::uint8_t>(r), alpha_low.ptr<float>(r), y_.ptr<float>(r), w_.ptr<float>(r),
                ya_.ptr<float>(r), wb_.ptr<float>(r), yb_.ptr<float>(r), size.width);
  }

  // The person's base luma B, at the coarse scale (made smaller first: a
  // cheap wide blur).
  const cv::Size small(std::max(1, size.width / kCoarseFactor), std::max(1, size.height / kCoarseFactor));
  cv::resize(ya_, ya_small_, small, 0, 0, cv::INTER_AREA);
  cv::resize(w_, a_small_, small, 0, 0, cv::INTER_AREA);
  cv::resize(y_, y_small_, small, 0, 0, cv::INTER_AREA);
  for (cv::Mat* m : {&ya_small_, &a_small_, &y_small_}) {
    cv::GaussianBlur(*m, *m, cv::Size(), kCoarseSigma, kCoarseSigma, cv::BORDER_REPLICATE);
  }
  base_small_.create(small, CV_32F);
  for (int r = 0; r < small.height; ++r) {
    base_row(ya_small_.ptr<float>(r), a_small_.ptr<float>(r), y_small_.ptr<float>(r), base_small_.ptr<float>(r),
             small.width);
  }
  cv::resize(base_small_, base_, size, 0, 0, cv::INTER_LINEAR);

  // The person's luma at the fine scale, without the background's (Yp);
  // beyond the reach of the person's pixels, their base (not the luma there:
  // by an edge that is the background's, and the person's gain would follow
  // it). The background's alike (Yb), for the ratio r = Yp / Yb that shares
  // an edge pixel's light between the two (portrait_light_kernel.hpp).
  cv::GaussianBlur(ya_, ya_fine_, kFineKernel, kFineSigma, kFineSigma, cv::BORDER_REPLICATE);
  cv::GaussianBlur(w_, a_fine_, kFineKernel, kFineSigma, kFineSigma, cv::BORDER_REPLICATE);
  cv::GaussianBlur(yb_, yb_fine_, kFineKernel, kFineSigma, kFineSigma, cv::BORDER_REPLICATE);
  cv::GaussianBlur(wb_, wb_fine_, kFineKernel, kFineSigma, kFineSigma, cv::BORDER_REPLICATE);

  // Gp = B^gamma (Yp/B)^(1+c) / Yp = exp((gamma - 1 - c) ln B + c ln Yp),
  // kept in range, and (Gp - dim) in Q9; the ratio and (Gp - dim) with a
  // replicated column (kernels::stretch_row_up_f32 and light::gain_row read
  // past the last index).
  gain_low_.create(size, CV_32F);
  // (Eight more columns for stretch_row_up_f32's whole-vector loads.)
  padded_.create(size.height, size.width + 8, CV_32F);
  ratio_padded_.create(size.height, size.width + 1, CV_32F);
  for (int r = 0; r < size.height; ++r) {
    float* q = padded_.ptr<float>(r);
    float* ratio = ratio_padded_.ptr<float>(r);
    const FineRows in{ya_fine_.ptr<float>(r), a_fine_.ptr<float>(r), yb_fine_.ptr<float>(r),
                      wb_fine_.ptr<float>(r), base_.ptr<float>(r),   y_.ptr<float>(r)};
    gain_row_low(in, gamma_ - 1.0f - contrast_, contrast_, dim_ * light::kGainOne, gain_low_.ptr<float>(r), q, ratio,
                 size.width);
    std::fill(q + size.width, q + size.width + 8, q[size.width - 1]);
    ratio[size.width] = ratio[size.width - 1];
  }
  ratio_low_ = ratio_padded_(cv::Rect(0, 0, size.width, size.height));
}

void PortraitLight::apply(cv::Mat& bgr, const cv::Mat& alpha, const cv::Mat& grey_low, const cv::Mat& alpha_low) {
  if (strength_ == 0) return;
  prepare(bgr, alpha, grey_low, alpha_low);
  for (int y = 0; y < bgr.rows; ++y) {
    light::scale_row(bgr.ptr<std::uint8_t>(y), gain_row(y, alpha.ptr<std::uint8_t>(y)), bgr.cols * 3);
  }
}

void PortraitLight::prepare(const cv::Mat& bgr, const cv::Mat& alpha, const cv::Mat& grey_low,
                            const cv::Mat& alpha_low) {
  CV_Assert(strength_ > 0);
  CV_Assert(bgr.type() == CV_8UC3 && alpha.type() == CV_8UC1 && alpha.size() == bgr.size());
  const cv::Mat* grey = &grey_low;
  if (grey_low.empty()) {  // no mask smoothing nor refinement made one
    cv::cvtColor(bgr, grey_, cv::COLOR_BGR2GRAY);
    cv::resize(grey_, grey_low_, guide_size(bgr.size()), 0, 0, cv::INTER_AREA);
    grey = &grey_low_;
  }
  CV_Assert(grey->type() == CV_8UC1);
  if (!alpha_low.empty() && alpha_low.size() == grey->size()) {
    CV_Assert(alpha_low.type() == CV_32FC1);
    person_gain(*grey, alpha_low);
  } else {
    cv::resize(alpha, a_, grey->size(), 0, 0, cv::INTER_AREA);
    a_.convertTo(a_, CV_32F, 1.0 / 255.0);
    person_gain(*grey, a_);
  }

  // (Gp - dim) is stretched to the frame width a guide row at a time, as
  // the frame rows that mix it come (gain_row()): two stretched rows kept,
  // each stretched once, in L1 (stretching all 180 rows up front wrote and
  // re-read 0.9 MB a frame). The luma ratio is read at the guide size on the
  // person's edge alone.
  // (person_gain() leaves the gain with 8 replicated columns, which
  // kernels::stretch_row_up_f32 reads; cv::resize's float path is ~3x slower.)
  if (x_.src_len != gain_low_.cols || x_.dst_len != bgr.cols) x_ = ResampleAxis(gain_low_.cols, bgr.cols);
  if (rows_.src_len != gain_low_.rows || rows_.dst_len != bgr.rows) rows_ = ResampleAxis(gain_low_.rows, bgr.rows);
  gain_rows_.create(2, bgr.cols, CV_32F);
  stretched_ = {-1, -1};
  dim_q9_ = static_cast<int>(std::lround(dim_ * light::kGainOne));
  row_gain_.resize(static_cast<std::size_t>(bgr.cols));
  row_gain3_.resize(static_cast<std::size_t>(bgr.cols) * 3);
}

const float* PortraitLight::stretched_gain(int r) {
  const int slot = r % 2;
  if (stretched_[static_cast<std::size_t>(slot)] != r) {
    kernels::stretch_row_up_f32(padded_.ptr<float>(r), x_.index.data(), x_.weight.data(), gain_rows_.ptr<float>(slot),
                                gain_rows_.cols);
    stretched_[static_cast<std::size_t>(slot)] = r;
  }
  return gain_rows_.ptr<float>(slot);
}

const std::uint16_t* PortraitLight::gain_row(int y, const std::uint8_t* alpha_row) {
  const int r0 = rows_.index[static_cast<std::size_t>(y)], r1 = std::min(r0 + 1, padded_.rows - 1);
  const light::GainRows rows{stretched_gain(r0),
                             stretched_gain(r1),
                             ratio_padded_.ptr<float>(r0),
                             ratio_padded_.ptr<float>(r1),
                             rows_.weight[static_cast<std::size_t>(y)],
                             x_.index.data(),
                             x_.weight.data()};
  light::gain_row(rows, alpha_row, dim_q9_, row_gain_.data(), row_gain3_.data(), static_cast<int>(row_gain_.size()));
  return row_gain3_.data();
}

}  // namespace fakecam::compose
