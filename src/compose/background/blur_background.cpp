// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/blur_background.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "compose/compose_settings.hpp"

namespace fakecam::compose {
namespace {

// Below this sigma at the reduced scale, bilinear upscaling shows its grid
// (diamonds in smooth gradients); so the factor is chosen to keep it above.
constexpr double kMinSmallSigma = 1.4;
constexpr int kMaxFactor = 16;

// `half` is an 8-bit plane of exactly half of `full`'s size.
bool is_half_of(const cv::Mat& half, const cv::Mat& full) {
  return !half.empty() && half.type() == CV_8UC1 && half.size() == cv::Size(full.cols / 2, full.rows / 2);
}

}  // namespace

BlurPlan plan_blur(double sigma) {
  BlurPlan plan;
  if (!(sigma > 0)) return plan;
  while (plan.factor * 2 <= kMaxFactor) {
    const int f = plan.factor * 2;
    const double rest = sigma * sigma - f * f / 4.0;  // what box + bilinear leave to the Gaussian
    if (rest <= 0 || std::sqrt(rest) / f < kMinSmallSigma) break;
    plan.factor = f;
  }
  const double f = plan.factor;
  const double rest = sigma * sigma - (plan.factor > 1 ? f * f / 4.0 : 0.0);
  plan.small_sigma = std::sqrt(std::max(rest, 0.0)) / f;
  return plan;
}

bool BlurBackground::shrink_alpha(const cv::Mat& alpha, const cv::Mat& alpha_half, int factor) {
  if (alpha.empty()) return false;
  // shrink_by halves step by step: its first step is alpha_half.
  if (factor >= 2 && is_half_of(alpha_half, alpha)) {
    shrink_by(alpha_half, factor / 2, spare_alpha_, small_alpha_);
  } else {
    shrink_by(alpha, factor, spare_alpha_, small_alpha_);
  }
  // A reduced pixel that is even partly person (an edge block) is left out
  // too, by growing the person one reduced pixel: the blur then never sees
  // the person's colours, only background extending towards the edge.
  cv::dilate(small_alpha_, small_alpha_, cv::Mat(), cv::Point(-1, -1), 1, cv::BORDER_REPLICATE);
  double lo = 0, hi = 0;
  cv::minMaxLoc(small_alpha_, &lo, &hi);
  return hi > 0;  // no person: the plain blur is the same
}

void BlurBackground::plain_small_blur(const BlurPlan& plan) {
  if (plan.small_sigma > 0) {
    cv::GaussianBlur(small_, small_blurred_, cv::Size(), plan.small_sigma, plan.small_sigma, cv::BORDER_REFLECT_101);
  } else {
    small_.copyTo(small_blurred_);
  }
}

void BlurBackground::prepare_sigma(const cv::Mat& frame_bgr, double sigma, const cv::Mat& alpha) {
  CV_Assert(frame_bgr.type() == CV_8UC3 && !frame_bgr.empty());
  CV_Assert(alpha.empty() || (alpha.type() == CV_8UC1 && alpha.size() == frame_bgr.size()));
  const BlurPlan plan = plan_blur(sigma);
  use_full_ = plan.factor == 1;
  if (use_full_) {
    // A weak blur (small frames, low strengths) runs at full size. It still
    // needs the weighting: even a 2 px blur lifts the background next to a
    // bright shirt by 50+ levels.
    if (plan.small_sigma > 0) {
      full_blur_.run(frame_bgr, plan.small_sigma, alpha, full_);
    } else {
      frame_bgr.copyTo(full_);
    }
    return;
  }
  shrink_by(frame_bgr, plan.factor, spare_, small_);
  if (shrink_alpha(alpha, cv::Mat(), plan.factor)) {
    weighted_blur_.run({&small_, 1}, small_alpha_, kPersonWeight, plan.small_sigma, {&small_blurred_, 1});
  } else {
    plain_small_blur(plan);
  }
  stretched_[0].stretch(small_blurred_, frame_bgr.size());
}

void BlurBackground::prepare_yuv_sigma(const YuvBackgroundInput& input, double sigma) {
  const YuvView& frame = input.frame;
  const cv::Mat& alpha = input.alpha;
  CV_Assert(!frame.empty());
  CV_Assert(alpha.empty() || (alpha.type() == CV_8UC1 && alpha.size() == frame.size()));
  const BlurPlan plan = plan_blur(sigma);
  use_full_ = plan.factor == 1;
  if (use_full_) {
    full_yuv_.create(frame.size());
    full_planes_[0] = full_yuv_.y();
    full_planes_[1] = full_yuv_.u();
    full_planes_[2] = full_yuv_.v();
    if (plan.small_sigma <= 0) {
      frame.copy_to(full_yuv_);
      return;
    }
    full_blur_.run(frame.y(), plan.small_sigma, alpha, full_planes_[0]);
    // Chroma at its half resolution: half the sigma, and the alpha averaged
    // over each sample's 2x2 block.
    const cv::Mat chroma[] = {frame.u(), frame.v()};
    cv::merge(chroma, 2, chroma_);
    cv::Mat chroma_alpha;  // empty: no weighting
    if (is_half_of(input.alpha_half, alpha)) {
      chroma_alpha = input.alpha_half;  // read only
    } else if (!alpha.empty()) {
      shrink_by(alpha, 2, spare_alpha_, small_alpha_);
      chroma_alpha = small_alpha_;
    }
    full_blur_.run(chroma_, plan.small_sigma / 2, chroma_alpha, full_uv_);
    cv::split(full_uv_, full_planes_ + 1);  // into full_yuv_'s planes (same size: no reallocation)
    return;
  }
  // Y by f, U and V (already halved) by f / 2: one small size, one grid.
  // Y may come reduced already (the mask's guide, when it is that size).
  cv::Mat planes[] = {frame.y(), frame.u(), frame.v()};
  const cv::Mat& luma_low = input.luma_low;
  const bool luma_reduced = luma_low.type() == CV_8UC1 && luma_low.cols * plan.factor == frame.size().width &&
                            luma_low.rows * plan.factor == frame.size().height;
  for (int p = 0; p < 3; ++p) {
    const int factor = p == 0 ? plan.factor : plan.factor / 2;
    if (factor == 1) continue;  // read in place (the frame's own planes are never written)
    if (p == 0 && luma_reduced) {
      planes[0] = luma_low;
      continue;
    }
    shrink_by(planes[p], factor, spare_, reduced_[p]);
    planes[p] = reduced_[p];
  }
  CV_Assert(planes[0].size() == planes[1].size());
  if (shrink_alpha(alpha, input.alpha_half, plan.factor)) {
    // The planes go in and come out as they are: no merge, no split.
    weighted_blur_.run(planes, small_alpha_, kPersonWeight, plan.small_sigma, blurred_planes_);
  } else {
    cv::merge(planes, 3, small_);
    plain_small_blur(plan);
    cv::split(small_blurred_, blurred_planes_);
  }
  stretched_[0].stretch(blurred_planes_[0], frame.size());
  stretched_[1].stretch(blurred_planes_[1], frame.chroma_size());
  stretched_[2].stretch(blurred_planes_[2], frame.chroma_size());
}

void BlurBackground::prepare(const BackgroundInput& input) {
  prepare_sigma(input.frame, blur_sigma(strength_, input.frame.size()), input.alpha);
}

void BlurBackground::prepare_yuv(const YuvBackgroundInput& input) {
  prepare_yuv_sigma(input, blur_sigma(strength_, input.frame.size()));
}

const std::uint8_t* BlurBackground::row(int y, std::uint8_t* scratch) {
  if (use_full_) return full_.ptr<std::uint8_t>(y);
  return stretched_[0].row(y, scratch);
}

const std::uint8_t* BlurBackground::yuv_row(YuvPlane plane, int y, std::uint8_t* scratch) {
  const int p = static_cast<int>(plane);
  if (use_full_) return full_planes_[p].ptr<std::uint8_t>(y);
  return stretched_[p].row(y, scratch);
}

bool BlurBackground::yuv_row_mix(YuvPlane plane, int y, RowMix& mix) {
  if (use_full_) return false;
  stretched_[static_cast<int>(plane)].mix(y, mix.r0, mix.r1, mix.w1);
  return true;
}

}  // namespace fakecam::compose
