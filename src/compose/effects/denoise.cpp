// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/denoise.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/kernels/resample_plan.hpp"
#include "compose/mask/mask_pipeline.hpp"
#include "compose/mask/temporal_filter.hpp"

namespace fakecam::compose {
namespace {

// At strength 100 a still pixel takes 15% of each new frame: the grain's
// variance falls to 0.15 / 1.85 of the frame's (-11 dB), within ~10 frames.
constexpr float kMaxAveraging = 0.85f;
// Moving pixels: a 3x3 Gaussian mixed in at up to this weight.
constexpr double kSpatialSigma = 0.8;

// The 3x3 mean of a half-normal change is about 1.2x its median; 1.5x keeps
// nearly all of a still frame's grain below the still level.
constexpr float kGrainMargin = 1.5f;

}  // namespace

Denoiser::Denoiser(int strength) : strength_(strength) {
  if (strength < 0 || strength > kMaxDenoise) fail("denoise {}: expected 0 to {}", strength, kMaxDenoise);
  const float s = static_cast<float>(strength) / 100.0f;
  still_rate_ = 1.0f - kMaxAveraging * s;
  spatial_ = s;
}

float Denoiser::still_level(const cv::Mat& diff) {
  // The median of an 8-bit image from its histogram.
  int histogram[256] = {};
  for (int y = 0; y < diff.rows; ++y) {
    const std::uint8_t* d = diff.ptr<std::uint8_t>(y);
    for (int x = 0; x < diff.cols; ++x) ++histogram[d[x]];
  }
  const long half = static_cast<long>(diff.total()) / 2;
  long seen = 0;
  int median = 0;
  while (median < 255 && (seen += histogram[median]) <= half) ++median;
  return std::max(TemporalFilter::kStillLevel, kGrainMargin * static_cast<float>(median));
}

void Denoiser::apply(cv::Mat& bgr) {
  if (strength_ == 0) return;
  CV_Assert(bgr.type() == CV_8UC3 && !bgr.empty());
  const cv::Size low = guide_size(bgr.size());
  if (GreyShrinker::exact(bgr.size(), low)) {
    shrinker_.run_bgr(bgr, low, grey_low_);
  } else {
    cv::cvtColor(bgr, grey_, cv::COLOR_BGR2GRAY);
    shrinker_.run(grey_, low, grey_low_);
  }
  const bool fresh = state_.size() != bgr.size() || prev_grey_low_.size() != low;
  if (fresh) {
    bgr.convertTo(state_, CV_32F);
    grey_low_.copyTo(prev_grey_low_);
    return;
  }

  // The motion measure of the mask smoothing, its levels raised with the grain.
  cv::absdiff(grey_low_, prev_grey_low_, diff_);
  grey_low_.copyTo(prev_grey_low_);
  const float still = still_level(diff_);
  const float span = still * (TemporalFilter::kMovingLevel / TemporalFilter::kStillLevel - 1.0f);
  cv::boxFilter(diff_, motion_, CV_32F, cv::Size(3, 3), cv::Point(-1, -1), true, cv::BORDER_REPLICATE);
  rate_low_.create(low, CV_32F);
  moving_low_.create(low, CV_32F);
  long still_pixels = 0;
  for (int y = 0; y < low.height; ++y) {
    const float* m = motion_.ptr<float>(y);
    float* r = rate_low_.ptr<float>(y);
    float* v = moving_low_.ptr<float>(y);
    for (int x = 0; x < low.width; ++x) {
      float t = (m[x] - still) / span;
      t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
      t = t * t * (3.0f - 2.0f * t);  // smoothstep, as TemporalFilter
      still_pixels += t == 0.0f;
      r[x] = still_rate_ + (1.0f - still_rate_) * t;
      v[x] = spatial_ * t;
    }
  }
  still_share_ = static_cast<double>(still_pixels) / static_cast<double>(low.area());
  double most_moving = 0;
  cv::minMaxLoc(moving_low_, nullptr, &most_moving);
  const bool spatial = most_moving > 0.0;
  if (spatial) cv::GaussianBlur(bgr, blurred_, cv::Size(3, 3), kSpatialSigma, kSpatialSigma, cv::BORDER_REPLICATE);

  const int w = bgr.cols;
  cv::resize(rate_low_, rate_rows_, cv::Size(w, low.height), 0, 0, cv::INTER_LINEAR);
  cv::resize(moving_low_, moving_rows_, cv::Size(w, low.height), 0, 0, cv::INTER_LINEAR);
  const ResampleAxis rows(low.height, bgr.rows);
  rate_.resize(static_cast<std::size_t>(w));
  moving_.resize(static_cast<std::size_t>(w));
  float* __restrict k = rate_.data();
  float* __restrict mv = moving_.data();
  for (int y = 0; y < bgr.rows; ++y) {
    const int tap_index = rows.index[static_cast<std::size_t>(y)];
    const float wy = rows.weight[static_cast<std::size_t>(y)];
    const int r1 = std::min(tap_index + 1, low.height - 1);
    const float* __restrict k0 = rate_rows_.ptr<float>(tap_index);
    const float* __restrict k1 = rate_rows_.ptr<float>(r1);
    const float* __restrict m0 = moving_rows_.ptr<float>(tap_index);
    const float* __restrict m1 = moving_rows_.ptr<float>(r1);
    for (int x = 0; x < w; ++x) {
      k[x] = k0[x] + wy * (k1[x] - k0[x]);
      mv[x] = m0[x] + wy * (m1[x] - m0[x]);
    }
    std::uint8_t* __restrict p = bgr.ptr<std::uint8_t>(y);
    float* __restrict s = state_.ptr<float>(y);
    if (!spatial) {
      for (int x = 0; x < w; ++x) {
        for (int c = 0; c < 3; ++c) {
          const int i = 3 * x + c;
          s[i] += k[x] * (static_cast<float>(p[i]) - s[i]);
          p[i] = static_cast<std::uint8_t>(s[i] + 0.5f);
        }
      }
      continue;
    }
    const std::uint8_t* __restrict b = blurred_.ptr<std::uint8_t>(y);
    for (int x = 0; x < w; ++x) {
      for (int c = 0; c < 3; ++c) {
        const int i = 3 * x + c;
        const float avg = s[i] + k[x] * (static_cast<float>(p[i]) - s[i]);
        s[i] = avg;
        // Moving: the new frame (avg is the frame there), smoothed spatially.
        const float out = avg + mv[x] * (static_cast<float>(b[i]) - avg);
        p[i] = static_cast<std::uint8_t>(std::clamp(out + 0.5f, 0.0f, 255.0f));
      }
    }
  }
}

}  // namespace fakecam::compose
