// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/mask/temporal_filter.hpp"

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"

namespace fakecam::compose {

const cv::Mat& TemporalFilter::run(const cv::Mat& model_mask, const cv::Mat& grey) {
  if (model_mask.type() != CV_32FC1 || grey.type() != CV_8UC1 || grey.size() != model_mask.size()) {
    fail("compositor: temporal filter inputs differ in size or type");
  }
  const bool fresh = state_.size() != model_mask.size() || prev_grey_.size() != grey.size();
  if (fresh || settings_.still_rate >= 1.0f) {
    // NaN would stick forever in a running average: 0 instead.
    model_mask.copyTo(state_);
    cv::patchNaNs(state_, 0.0);
    grey.copyTo(prev_grey_);
    return state_;
  }
  const float rate = settings_.still_rate;
  if (settings_.motion_aware) {
    cv::absdiff(grey, prev_grey_, diff_);
    cv::boxFilter(diff_, motion_, CV_32F, cv::Size(3, 3), cv::Point(-1, -1), true, cv::BORDER_REPLICATE);
  }
  const float span = kMovingLevel - kStillLevel;
  for (int y = 0; y < state_.rows; ++y) {
    float* s = state_.ptr<float>(y);
    const float* m = model_mask.ptr<float>(y);
    const float* d = settings_.motion_aware ? motion_.ptr<float>(y) : nullptr;
    for (int x = 0; x < state_.cols; ++x) {
      float k = rate;
      if (d != nullptr) {
        float t = (d[x] - kStillLevel) / span;
        t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
        k += (1.0f - rate) * t * t * (3.0f - 2.0f * t);  // smoothstep
      }
      const float target = std::isnan(m[x]) ? 0.0f : m[x];
      s[x] += k * (target - s[x]);
    }
  }
  grey.copyTo(prev_grey_);
  return state_;
}

}  // namespace fakecam::compose
