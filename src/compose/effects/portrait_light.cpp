// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/portrait_light.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/effects/portrait_light_kernel.hpp"
#include "compose/kernels/kernels.hpp"
#include "compose/kernels/resample_plan.hpp"
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

// The same on images; num and den: scratch.
void weighted_mean(const cv::Mat& wy, const cv::Mat& w, const cv::Mat& fallback, cv::Mat& num, cv::Mat& den,
                   cv::Mat& out) {
  cv::scaleAdd(fallback, kWeightFloor, wy, num);
  cv::add(w, cv::Scalar(kWeightFloor), den);
  cv::divide(num, den, out);
}

// a^16.
inline float sure_weight(float a) {
  const float a2 = a * a, a4 = a2 * a2, a8 = a4 * a4;
  return a8 * a8;
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

void luma_row(const float* __restrict ya, const float* __restrict w, const float* __restrict base,
              const float* __restrict yb, const float* __restrict wb, const float* __restrict y, float* __restrict yp,
              float* __restrict ratio, int n) {
  for (int i = 0; i < n; ++i) {
    const float person = weighted_mean(ya[i], w[i], base[i]);
    const float r = person / weighted_mean(yb[i], wb[i], y[i]);
    yp[i] = person;
    ratio[i] = std::min(std::max(r, 1.0f / kMaxRatio), kMaxRatio);
  }
}

void exponent_row(const float* __restrict log_base, const float* __restrict log_yp, float k_base, float k_yp,
                  float* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = k_base * log_base[i] + k_yp * log_yp[i];
}

void gain_q9_row(float* __restrict gain, float dim_q9, float* __restrict q9, int n) {
  for (int i = 0; i < n; ++i) {
    const float g = std::min(std::max(gain[i], kMinGain), kMaxGain);
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
  // The element-wise steps run as a few fused loops over the guide-sized
  // fields (one pass each instead of one per OpenCV call: the light's cost
  // at the guide size was ~35 passes).
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
  const cv::Size small(std::max(1, y_.cols / kCoarseFactor), std::max(1, y_.rows / kCoarseFactor));
  cv::resize(ya_, ya_small_, small, 0, 0, cv::INTER_AREA);
  cv::resize(w_, a_small_, small, 0, 0, cv::INTER_AREA);
  cv::resize(y_, y_small_, small, 0, 0, cv::INTER_AREA);
  for (cv::Mat* m : {&ya_small_, &a_small_, &y_small_}) {
    cv::GaussianBlur(*m, *m, cv::Size(), kCoarseSigma, kCoarseSigma, cv::BORDER_REPLICATE);
  }
  weighted_mean(ya_small_, a_small_, y_small_, num_, den_, base_small_);
  cv::resize(base_small_, base_, y_.size(), 0, 0, cv::INTER_LINEAR);

  // The person's luma at the fine scale, without the background's (Yp);
  // beyond the reach of the person's pixels, their base (not the luma there:
  // by an edge that is the background's, and the person's gain would follow
  // it). The background's alike (Yb), for the ratio r = Yp / Yb that shares
  // an edge pixel's light between the two (portrait_light_kernel.hpp).
  cv::GaussianBlur(ya_, ya_fine_, kFineKernel, kFineSigma, kFineSigma, cv::BORDER_REPLICATE);
  cv::GaussianBlur(w_, a_fine_, kFineKernel, kFineSigma, kFineSigma, cv::BORDER_REPLICATE);
  cv::GaussianBlur(yb_, yb_fine_, kFineKernel, kFineSigma, kFineSigma, cv::BORDER_REPLICATE);
  cv::GaussianBlur(wb_, wb_fine_, kFineKernel, kFineSigma, kFineSigma, cv::BORDER_REPLICATE);
  yp_.create(size, CV_32F);
  // The ratio with a replicated column (kernels::stretch_row_f32 reads one
  // element past the last index).
  ratio_padded_.create(size.height, size.width + 1, CV_32F);
  for (int r = 0; r < size.height; ++r) {
    float* ratio = ratio_padded_.ptr<float>(r);
    luma_row(ya_fine_.ptr<float>(r), a_fine_.ptr<float>(r), base_.ptr<float>(r), yb_fine_.ptr<float>(r),
             wb_fine_.ptr<float>(r), y_.ptr<float>(r), yp_.ptr<float>(r), ratio, size.width);
    ratio[size.width] = ratio[size.width - 1];
  }
  ratio_low_ = ratio_padded_(cv::Rect(0, 0, size.width, size.height));

  // Gp = B^gamma (Yp/B)^(1+c) / Yp = exp((gamma - 1 - c) log B + c log Yp).
  cv::log(yp_, log_yp_);
  cv::log(base_, log_base_);
  gain_low_.create(size, CV_32F);
  for (int r = 0; r < size.height; ++r) {
    exponent_row(log_base_.ptr<float>(r), log_yp_.ptr<float>(r), gamma_ - 1.0f - contrast_, contrast_,
                 gain_low_.ptr<float>(r), size.width);
  }
  cv::exp(gain_low_, gain_low_);
  // Kept in range, and (Gp - dim) in Q9 with a replicated column for the
  // stretch (PortraitLight::prepare).
  padded_.create(size.height, size.width + 1, CV_32F);
  for (int r = 0; r < size.height; ++r) {
    float* q = padded_.ptr<float>(r);
    gain_q9_row(gain_low_.ptr<float>(r), dim_ * light::kGainOne, q, size.width);
    q[size.width] = q[size.width - 1];
  }
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

  // (Gp - dim) stretched to the frame width once; each frame row mixes two
  // of these rows (gain_row()). The luma ratio is read at the guide size on
  // the person's edge alone.
  // (person_gain() leaves both with a replicated column, which
  // kernels::stretch_row_f32 reads; cv::resize's float path is ~3x slower.)
  if (x_.src_len != gain_low_.cols || x_.dst_len != bgr.cols) x_ = ResampleAxis(gain_low_.cols, bgr.cols);
  if (rows_.src_len != gain_low_.rows || rows_.dst_len != bgr.rows) rows_ = ResampleAxis(gain_low_.rows, bgr.rows);
  gain_rows_.create(gain_low_.rows, bgr.cols, CV_32F);
  for (int r = 0; r < gain_low_.rows; ++r) {
    kernels::stretch_row_f32(padded_.ptr<float>(r), x_.index.data(), x_.weight.data(), gain_rows_.ptr<float>(r),
                             bgr.cols);
  }
  dim_q9_ = static_cast<int>(std::lround(dim_ * light::kGainOne));
  row_gain_.resize(static_cast<std::size_t>(bgr.cols));
  row_gain3_.resize(static_cast<std::size_t>(bgr.cols) * 3);
}

const std::uint16_t* PortraitLight::gain_row(int y, const std::uint8_t* alpha_row) {
  const int r0 = rows_.index[static_cast<std::size_t>(y)], r1 = std::min(r0 + 1, gain_rows_.rows - 1);
  const light::GainRows rows{gain_rows_.ptr<float>(r0),
                             gain_rows_.ptr<float>(r1),
                             ratio_padded_.ptr<float>(r0),
                             ratio_padded_.ptr<float>(r1),
                             rows_.weight[static_cast<std::size_t>(y)],
                             x_.index.data(),
                             x_.weight.data()};
  light::gain_row(rows, alpha_row, dim_q9_, row_gain_.data(), row_gain3_.data(), static_cast<int>(row_gain_.size()));
  return row_gain3_.data();
}

}  // namespace fakecam::compose
