// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/portrait_light.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/effects/light_fields.hpp"
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

// The light's fields live on a grid of half the guide's size (160x90 for
// every 16:9 frame): each grid pixel is the mean of 2x2 guide pixels' weighted
// luma, so the person's luma Yp is averaged over ~8 frame pixels at 720p (the
// detail that is stretched is coarser than this). The base is that grid
// shrunk by 2 again and blurred (sigma 2: ~30 frame pixels at 720p, the scale
// of cheeks and forehead: what a key light shapes). Before, the fields were
// at the guide's own size with a 5x5 Gaussian standing for the 2x2 mean:
// four times the work for the same scales (issue 13's budget).
constexpr int kCoarseFactor = 2;
constexpr double kCoarseSigma = 2.0;

// The Gaussian OpenCV's GaussianBlur(sigma) takes for float planes: 4 sigma
// each side.
std::vector<float> gaussian_taps(double sigma) {
  const cv::Mat k = cv::getGaussianKernel(cvRound(sigma * 4 * 2 + 1) | 1, sigma, CV_32F);
  return {k.ptr<float>(), k.ptr<float>() + k.total()};
}

}  // namespace

PortraitLight::PortraitLight(int strength)
    : strength_(strength), near_({0.25f, 0.5f, 0.25f}), coarse_(gaussian_taps(kCoarseSigma)) {
  if (strength < 0 || strength > kMaxPortraitLight) fail("light {}: expected 0 to {}", strength, kMaxPortraitLight);
  const float s = static_cast<float>(strength) / 100.0f;
  gamma_ = 1.0f / (1.0f + kMaxLift * s);
  contrast_ = kMaxContrast * s;
  dim_ = 1.0f - kMaxDim * s;
}

void PortraitLight::person_gain(const cv::Mat& grey_low, const cv::Mat& alpha_low) {
  const cv::Size guide = grey_low.size();
  const cv::Size size((guide.width + 1) / 2, (guide.height + 1) / 2);  // the light's grid
  // Each guide pixel weighs as alpha^16 (light::weights_row): one on the
  // edge is a mix of person and background, and the background's luma in it
  // would bias the person's near the edge (a rim brighter or darker than the
  // face; before a bright window even alpha^4 let a quarter of window in
  // 0.75 make the person's luma there twice what it is). Only the nearly
  // pure count; the background's alike, with (1 - alpha)^16. The weights are
  // made per guide pixel, then averaged 2x2 onto the grid (the mean of a^16,
  // not the 16th power of a mean alpha: an edge stays an edge).
  for (cv::Mat* m : {&y_, &w_, &ya_, &wb_, &yb_}) m->create(size, CV_32F);
  // Two guide rows of the five weights, each with one more column for an
  // odd guide width (the last pixel paired with itself).
  pair_.create(2 * kWeightPlanes, 2 * size.width, CV_32F);
  const std::array<cv::Mat*, kWeightPlanes> planes{&y_, &w_, &ya_, &wb_, &yb_};
  for (int r = 0; r < size.height; ++r) {
    for (int k = 0; k < 2; ++k) {
      const int g = std::min(2 * r + k, guide.height - 1);
      float* row[kWeightPlanes];
      for (int p = 0; p < kWeightPlanes; ++p) row[p] = pair_.ptr<float>(k * kWeightPlanes + p);
      light::weights_row(grey_low.ptr<std::uint8_t>(g), alpha_low.ptr<float>(g), row[0], row[1], row[2], row[3], row[4],
                         guide.width);
      if (guide.width % 2 != 0) {
        for (float* p : row) p[guide.width] = p[guide.width - 1];
      }
    }
    for (int p = 0; p < kWeightPlanes; ++p) {
      light::mean_2x2_row(pair_.ptr<float>(p), pair_.ptr<float>(kWeightPlanes + p),
                          planes[static_cast<std::size_t>(p)]->ptr<float>(r), size.width);
    }
  }

  // For the ratio that shares an edge pixel's light, the person's and the
  // background's weighted luma reach one grid pixel further (a [1 2 1]
  // blur, as far as the 5x5 Gaussian at the guide size reached): a grid
  // pixel just outside the person still knows the person's luma, and one
  // just inside the background's (without it, a backlit edge got a dark rim:
  // PortraitLight.NoHaloWhenBacklit). The gain itself takes the plain grid
  // (blurred, the knit a key light should bring out was lost:
  // PortraitLight.RaisesThePersonsLocalContrast).
  near_.run(ya_, ya_near_);
  near_.run(w_, w_near_);
  for (cv::Mat* m : {&wb_, &yb_}) {
    near_.run(*m, blurred_grid_);
    std::swap(*m, blurred_grid_);
  }

  // The person's base luma B, at the coarse scale (made smaller first: a
  // cheap wide blur).
  const cv::Size small(std::max(1, size.width / kCoarseFactor), std::max(1, size.height / kCoarseFactor));
  // (The grid of every 16:9 frame, 160x90, halves exactly: light::shrink_by_2.)
  const bool by_2 = size.width == 2 * small.width && size.height == 2 * small.height;
  for (const auto& [from, to] : {std::pair{&ya_, &ya_small_}, std::pair{&w_, &a_small_}, std::pair{&y_, &y_small_}}) {
    if (by_2) {
      light::shrink_by_2(*from, *to);
    } else {
      cv::resize(*from, *to, small, 0, 0, cv::INTER_AREA);
    }
  }
  for (cv::Mat* m : {&ya_small_, &a_small_, &y_small_}) {
    coarse_.run(*m, blurred_small_);
    std::swap(*m, blurred_small_);
  }
  base_small_.create(small, CV_32F);
  for (int r = 0; r < small.height; ++r) {
    light::base_row(ya_small_.ptr<float>(r), a_small_.ptr<float>(r), y_small_.ptr<float>(r), base_small_.ptr<float>(r),
                    small.width);
  }
  cv::resize(base_small_, base_, size, 0, 0, cv::INTER_LINEAR);

  // The person's luma on the grid, without the background's (Yp); beyond
  // the reach of the person's pixels, their base (not the luma there: by an
  // edge that is the background's, and the person's gain would follow it).
  // The background's alike (Yb), for the ratio r = Yp / Yb that shares an
  // edge pixel's light between the two (portrait_light_kernel.hpp).
  // Gp = B^gamma (Yp/B)^(1+c) / Yp = exp((gamma - 1 - c) ln B + c ln Yp),
  // kept in range, and (Gp - dim) in Q9; the ratio and (Gp - dim) with a
  // replicated columns (kernels::stretch_row_up_f32 and light::gain_row read
  // past the last index).
  gain_low_.create(size, CV_32F);
  // (Eight more columns for stretch_row_up_f32's whole-vector loads.)
  padded_.create(size.height, size.width + 8, CV_32F);
  ratio_padded_.create(size.height, size.width + light::kRatioReadsPast, CV_32F);
  for (int r = 0; r < size.height; ++r) {
    float* q = padded_.ptr<float>(r);
    float* ratio = ratio_padded_.ptr<float>(r);
    const light::FineRows in{ya_.ptr<float>(r), w_.ptr<float>(r),  ya_near_.ptr<float>(r), w_near_.ptr<float>(r),
                             yb_.ptr<float>(r), wb_.ptr<float>(r), base_.ptr<float>(r),    y_.ptr<float>(r)};
    light::gain_row_low(in, gamma_ - 1.0f - contrast_, contrast_, dim_ * light::kGainOne, gain_low_.ptr<float>(r), q,
                        ratio, size.width);
    std::fill(q + size.width, q + size.width + 8, q[size.width - 1]);
    std::fill(ratio + size.width, ratio + size.width + light::kRatioReadsPast, ratio[size.width - 1]);
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
  CV_Assert(bgr.type() == CV_8UC3);
  if (!grey_low.empty()) {
    prepare_grey(bgr.size(), alpha, grey_low, alpha_low);
    return;
  }
  // No mask smoothing nor refinement made one.
  cv::cvtColor(bgr, grey_, cv::COLOR_BGR2GRAY);
  cv::resize(grey_, grey_low_, guide_size(bgr.size()), 0, 0, cv::INTER_AREA);
  prepare_grey(bgr.size(), alpha, grey_low_, alpha_low);
}

void PortraitLight::prepare_luma(const cv::Mat& luma, const cv::Mat& alpha, const cv::Mat& luma_low,
                                 const cv::Mat& alpha_low) {
  CV_Assert(strength_ > 0);
  CV_Assert(luma.type() == CV_8UC1);
  const cv::Mat* low = &luma_low;
  if (luma_low.empty()) {
    cv::resize(luma, grey_, guide_size(luma.size()), 0, 0, cv::INTER_AREA);
    low = &grey_;
  }
  CV_Assert(low->type() == CV_8UC1);
  low->convertTo(grey_low_, CV_8U, 255.0 / 219.0, -16.0 * 255.0 / 219.0);
  prepare_grey(luma.size(), alpha, grey_low_, alpha_low);
}

void PortraitLight::prepare_grey(cv::Size frame, const cv::Mat& alpha, const cv::Mat& grey_low,
                                 const cv::Mat& alpha_low) {
  CV_Assert(alpha.type() == CV_8UC1 && alpha.size() == frame && grey_low.type() == CV_8UC1);
  if (!alpha_low.empty() && alpha_low.size() == grey_low.size()) {
    CV_Assert(alpha_low.type() == CV_32FC1);
    person_gain(grey_low, alpha_low);
  } else {
    cv::resize(alpha, a_, grey_low.size(), 0, 0, cv::INTER_AREA);
    a_.convertTo(a_, CV_32F, 1.0 / 255.0);
    person_gain(grey_low, a_);
  }

  // (Gp - dim) is stretched to the frame width a guide row at a time, as
  // the frame rows that mix it come (gain_row()): three stretched rows kept,
  // each stretched once, in L1 (stretching all 180 rows up front wrote and
  // re-read 0.9 MB a frame). The luma ratio is read at the guide size on the
  // person's edge alone.
  // (person_gain() leaves the gain with 8 replicated columns, which
  // kernels::stretch_row_up_f32 reads; cv::resize's float path is ~3x slower.)
  if (x_.src_len != gain_low_.cols || x_.dst_len != frame.width) x_ = ResampleAxis(gain_low_.cols, frame.width);
  if (rows_.src_len != gain_low_.rows || rows_.dst_len != frame.height)
    rows_ = ResampleAxis(gain_low_.rows, frame.height);
  gain_rows_.create(kStretchedSlots, frame.width, CV_32F);
  stretched_.fill(-1);
  dim_q9_ = static_cast<int>(std::lround(dim_ * light::kGainOne));
  row_gain_.resize(static_cast<std::size_t>(frame.width));
  row_gain3_.resize(static_cast<std::size_t>(frame.width) * 3);
  row_gain_below_.resize(static_cast<std::size_t>(frame.width));
  chroma_gain_.resize(static_cast<std::size_t>(frame.width / 2));
}

const float* PortraitLight::stretched_gain(int r) {
  const int slot = r % kStretchedSlots;
  if (stretched_[static_cast<std::size_t>(slot)] != r) {
    kernels::stretch_row_up_f32(padded_.ptr<float>(r), x_.index.data(), x_.weight.data(), gain_rows_.ptr<float>(slot),
                                gain_rows_.cols);
    stretched_[static_cast<std::size_t>(slot)] = r;
  }
  return gain_rows_.ptr<float>(slot);
}

light::GainRows PortraitLight::gain_rows(int y) {
  const int r0 = rows_.index[static_cast<std::size_t>(y)], r1 = std::min(r0 + 1, padded_.rows - 1);
  const light::GainRows rows{stretched_gain(r0),
                             stretched_gain(r1),
                             ratio_padded_.ptr<float>(r0),
                             ratio_padded_.ptr<float>(r1),
                             rows_.weight[static_cast<std::size_t>(y)],
                             x_.index.data(),
                             x_.weight.data()};
  return rows;
}

const std::uint16_t* PortraitLight::gain_row(int y, const std::uint8_t* alpha_row) {
  light::gain_row(gain_rows(y), alpha_row, dim_q9_, row_gain_.data(), row_gain3_.data(),
                  static_cast<int>(row_gain_.size()));
  return row_gain3_.data();
}

light::YuvGains PortraitLight::yuv_gains(int chroma_row, const cv::Mat& alpha) {
  const int width = static_cast<int>(row_gain_.size()), y = 2 * chroma_row;
  // (Rows y and y + 1 mix at most three guide rows: three stretched slots.)
  const light::GainRows top = gain_rows(y), bottom = gain_rows(y + 1);
  light::yuv_gain_rows(top, bottom, alpha.ptr<std::uint8_t>(y), alpha.ptr<std::uint8_t>(y + 1), dim_q9_,
                       row_gain_.data(), row_gain_below_.data(), chroma_gain_.data(), width);
  return {row_gain_.data(), row_gain_below_.data(), chroma_gain_.data()};
}

void PortraitLight::apply_yuv(YuvImage& frame, const cv::Mat& alpha, const cv::Mat& luma_low,
                              const cv::Mat& alpha_low) {
  if (strength_ == 0) return;
  cv::Mat y = frame.y(), u = frame.u(), v = frame.v();
  prepare_luma(y, alpha, luma_low, alpha_low);
  for (int c = 0; c < u.rows; ++c) {
    const light::YuvGains g = yuv_gains(c, alpha);
    light::scale_yuv_row(y.ptr<std::uint8_t>(2 * c), g.luma0, light::kLumaLevels, y.cols);
    light::scale_yuv_row(y.ptr<std::uint8_t>(2 * c + 1), g.luma1, light::kLumaLevels, y.cols);
    light::scale_yuv_row(u.ptr<std::uint8_t>(c), g.chroma, light::kChromaLevels, u.cols);
    light::scale_yuv_row(v.ptr<std::uint8_t>(c), g.chroma, light::kChromaLevels, v.cols);
  }
}

}  // namespace fakecam::compose
