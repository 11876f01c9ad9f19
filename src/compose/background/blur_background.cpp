// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/blur_background.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/compose_settings.hpp"
#include "compose/kernels/kernels.hpp"
#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose {
namespace {

// Below this sigma at the reduced scale, bilinear upscaling shows its grid
// (diamonds in smooth gradients); so the factor is chosen to keep it above.
constexpr double kMinSmallSigma = 1.4;
constexpr int kMaxFactor = 16;

// Halving with INTER_AREA is an exact, rounded 2x2 average on OpenCV's SIMD
// fast path; k halvings make the 2^k x 2^k box the plan assumes. (libyuv's
// box and bilinear scalers were tried: faster, but biased by 1-2 levels,
// which darkens the whole background.)
void shrink_by(const cv::Mat& src, int factor, cv::Mat& spare, cv::Mat& out) {
  int steps = 0;
  while ((1 << steps) < factor) ++steps;
  const cv::Mat* level = &src;
  for (int i = 0; i < steps; ++i) {
    // Alternate buffers so that the last step lands in `out`.
    cv::Mat& dst = (steps - 1 - i) % 2 == 0 ? out : spare;
    cv::resize(*level, dst, cv::Size(std::max(1, level->cols / 2), std::max(1, level->rows / 2)), 0, 0, cv::INTER_AREA);
    level = &dst;
  }
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

void BlurBackground::blur_small(double small_sigma) {
  if (small_sigma > 0) {
    cv::GaussianBlur(small_, small_blurred_, cv::Size(), small_sigma, small_sigma, cv::BORDER_REFLECT_101);
  } else {
    small_.copyTo(small_blurred_);
  }
}

void BlurBackground::weigh_full(const cv::Mat& frame_bgr, double sigma, const cv::Mat& alpha) {
  // The normalised convolution of weigh_by_background() at full size, in 8
  // bits: in float (CV_32FC4) it costs ~30 ms at 720p, OpenCV's fixed-point
  // 8-bit Gaussian a tenth of that. 8 bits are precise where there is
  // background around (blurred weight >= kWeightedFrom, a tenth); deeper in the
  // person, where the blender shows the person anyway, the plain blur
  // (already in full_) stays, blended in over [kPlainBelow, kWeightedFrom].
  constexpr int kPlainBelow = 4, kWeightedFrom = 24;  // 8-bit rounding: <= ~5 levels off from 24
  cv::dilate(alpha, small_alpha_, cv::Mat(), cv::Point(-1, -1), 1, cv::BORDER_REPLICATE);
  double hi = 0;
  cv::minMaxLoc(small_alpha_, nullptr, &hi);
  if (hi == 0) return;  // no person: the plain blur is the answer
  // Background pixels (alpha 0, most of the frame) premultiply to themselves
  // with weight 255: OpenCV's SIMD conversion does those, the loop only the rest.
  cv::cvtColor(frame_bgr, premultiplied_, cv::COLOR_BGR2BGRA);
  for (int y = 0; y < frame_bgr.rows; ++y) {
    const std::uint8_t* c = frame_bgr.ptr<std::uint8_t>(y);
    const std::uint8_t* a = small_alpha_.ptr<std::uint8_t>(y);
    std::uint8_t* p = premultiplied_.ptr<std::uint8_t>(y);
    for (int x = 0; x < frame_bgr.cols; ++x) {
      if (a[x] == 0) continue;
      const int w = 255 - a[x];
      p[4 * x] = static_cast<std::uint8_t>((c[3 * x] * w + 127) / 255);
      p[4 * x + 1] = static_cast<std::uint8_t>((c[3 * x + 1] * w + 127) / 255);
      p[4 * x + 2] = static_cast<std::uint8_t>((c[3 * x + 2] * w + 127) / 255);
      p[4 * x + 3] = static_cast<std::uint8_t>(w);
    }
  }
  cv::GaussianBlur(premultiplied_, premultiplied_, cv::Size(), sigma, sigma, cv::BORDER_REFLECT_101);
  for (int y = 0; y < frame_bgr.rows; ++y) {
    const std::uint8_t* p = premultiplied_.ptr<std::uint8_t>(y);
    std::uint8_t* out = full_.ptr<std::uint8_t>(y);
    for (int x = 0; x < frame_bgr.cols; ++x) {
      const int w = p[4 * x + 3];
      // w == 255: only background under the kernel, where the weighted blur
      // is the plain one (same taps, same data).
      if (w <= kPlainBelow || w == 255) continue;
      const float t = w >= kWeightedFrom ? 1.0f : static_cast<float>(w - kPlainBelow) / (kWeightedFrom - kPlainBelow);
      const float scale = 255.0f / static_cast<float>(w);
      for (int k = 0; k < 3; ++k) {
        const float plain = out[3 * x + k];
        const float weighted = std::min(255.0f, static_cast<float>(p[4 * x + k]) * scale);
        out[3 * x + k] = static_cast<std::uint8_t>(plain + t * (weighted - plain) + 0.5f);
      }
    }
  }
}

bool BlurBackground::weigh_by_background(const cv::Mat& alpha, int factor) {
  shrink_by(alpha, factor, spare_alpha_, small_alpha_);
  // A reduced pixel that is even partly person (an edge block) is left out
  // too, by growing the person one reduced pixel: the blur then never sees
  // the person's colours, only background extending towards the edge.
  cv::dilate(small_alpha_, small_alpha_, cv::Mat(), cv::Point(-1, -1), 1, cv::BORDER_REPLICATE);
  double lo = 0, hi = 0;
  cv::minMaxLoc(small_alpha_, &lo, &hi);
  if (hi == 0) return false;  // no person: the plain blur is the same
  // (B w, G w, R w, w): the blur of this over the blur of w is the average of
  // the background around each pixel (normalised convolution). Person pixels
  // keep a small weight so that deep inside the person, where no background
  // is near, the result is the plain blur instead of 0/0.
  weighted_.create(small_.size(), CV_32FC4);
  for (int y = 0; y < small_.rows; ++y) {
    const cv::Vec3b* c = small_.ptr<cv::Vec3b>(y);
    const std::uint8_t* a = small_alpha_.ptr<std::uint8_t>(y);
    cv::Vec4f* out = weighted_.ptr<cv::Vec4f>(y);
    for (int x = 0; x < small_.cols; ++x) {
      const float w = std::max(static_cast<float>(255 - a[x]) * (1.0f / 255.0f), kPersonWeight);
      out[x] = cv::Vec4f(c[x][0] * w, c[x][1] * w, c[x][2] * w, w);
    }
  }
  return true;
}

void BlurBackground::prepare_sigma(const cv::Mat& frame_bgr, double sigma, const cv::Mat& alpha) {
  CV_Assert(frame_bgr.type() == CV_8UC3 && !frame_bgr.empty());
  CV_Assert(alpha.empty() || (alpha.type() == CV_8UC1 && alpha.size() == frame_bgr.size()));
  const BlurPlan plan = plan_blur(sigma);
  use_full_ = plan.factor == 1;
  if (use_full_ && plan.small_sigma <= 0) {
    frame_bgr.copyTo(full_);
    return;
  }
  if (use_full_) {
    // A weak blur (small frames, low strengths) runs at full size. It still
    // needs the weighting: even a 2 px blur lifts the background next to a
    // bright shirt by 50+ levels.
    cv::GaussianBlur(frame_bgr, full_, cv::Size(), plan.small_sigma, plan.small_sigma, cv::BORDER_REFLECT_101);
    if (!alpha.empty()) weigh_full(frame_bgr, plan.small_sigma, alpha);
    return;
  }
  shrink_by(frame_bgr, plan.factor, spare_, small_);
  if (!alpha.empty() && weigh_by_background(alpha, plan.factor)) {
    if (plan.small_sigma > 0) {
      cv::GaussianBlur(weighted_, weighted_, cv::Size(), plan.small_sigma, plan.small_sigma, cv::BORDER_REFLECT_101);
    }
    cv::Mat& normalised = small_blurred_;
    normalised.create(small_.size(), CV_8UC3);
    for (int y = 0; y < small_.rows; ++y) {
      const cv::Vec4f* in = weighted_.ptr<cv::Vec4f>(y);
      cv::Vec3b* out = normalised.ptr<cv::Vec3b>(y);
      for (int x = 0; x < small_.cols; ++x) {
        const float inv = 1.0f / in[x][3];  // >= kPersonWeight (a blur of weights that are)
        out[x] =
            cv::Vec3b(cv::saturate_cast<std::uint8_t>(in[x][0] * inv), cv::saturate_cast<std::uint8_t>(in[x][1] * inv),
                      cv::saturate_cast<std::uint8_t>(in[x][2] * inv));
      }
    }
  } else {
    blur_small(plan.small_sigma);
  }
  // The horizontal half of a bilinear resize (same height: rows untouched).
  cv::resize(small_blurred_, stretched_, cv::Size(frame_bgr.cols, small_blurred_.rows), 0, 0, cv::INTER_LINEAR);
  if (rows_.src_len != stretched_.rows || rows_.dst_len != frame_bgr.rows) {
    rows_ = ResampleAxis(stretched_.rows, frame_bgr.rows, 256);
  }
}

void BlurBackground::prepare(const BackgroundInput& input) {
  prepare_sigma(input.frame, blur_sigma(strength_, input.frame.size()), input.alpha);
}

const std::uint8_t* BlurBackground::row(int y, std::uint8_t* scratch) {
  if (use_full_) return full_.ptr<std::uint8_t>(y);
  const int r0 = rows_.index[y];
  const int w = rows_.fixed[y];
  if (w == 0) return stretched_.ptr<std::uint8_t>(r0);
  const int r1 = std::min(r0 + 1, stretched_.rows - 1);
  kernels::lerp_u8(stretched_.ptr<std::uint8_t>(r0), stretched_.ptr<std::uint8_t>(r1), w, scratch, stretched_.cols * 3);
  return scratch;
}

}  // namespace fakecam::compose
