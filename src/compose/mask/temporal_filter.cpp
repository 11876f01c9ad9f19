// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/mask/temporal_filter.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

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
  const int width = state_.cols, height = state_.rows;
  // The motion measure as a sum of 9 (the 3x3 box, edges repeated): a row's
  // column sums, then three of them across. cv::boxFilter took 24 us of
  // 256x144 pixels, a third of the filter (bench/compose BM_TemporalFilter).
  if (settings_.motion_aware) {
    cv::absdiff(grey, prev_grey_, diff_);
    columns_.resize(static_cast<std::size_t>(width) + 2);
    box_.resize(static_cast<std::size_t>(width));
  }
  // t = (box / 9 - kStillLevel) / span as one multiply and one add.
  const float span = kMovingLevel - kStillLevel;
  const float t_scale = 1.0f / (9.0f * span), t_offset = -kStillLevel / span;
  for (int y = 0; y < height; ++y) {
    float* s = state_.ptr<float>(y);
    const float* m = model_mask.ptr<float>(y);
    // Branch-free loops (min and max, NaN found by comparing) so that they
    // are vectorized: with ifs they ran a pixel at a time.
    if (!settings_.motion_aware) {
      for (int x = 0; x < width; ++x) {
        const float target = m[x] == m[x] ? m[x] : 0.0f;  // NaN: 0
        s[x] += rate * (target - s[x]);
      }
      continue;
    }
    const std::uint8_t* above = diff_.ptr<std::uint8_t>(std::max(y - 1, 0));
    const std::uint8_t* here = diff_.ptr<std::uint8_t>(y);
    const std::uint8_t* below = diff_.ptr<std::uint8_t>(std::min(y + 1, height - 1));
    std::uint16_t* c = columns_.data() + 1;
    for (int x = 0; x < width; ++x) c[x] = static_cast<std::uint16_t>(above[x] + here[x] + below[x]);
    c[-1] = c[0];
    c[width] = c[width - 1];
    std::uint16_t* box = box_.data();
    for (int x = 0; x < width; ++x) box[x] = static_cast<std::uint16_t>(c[x - 1] + c[x] + c[x + 1]);
    for (int x = 0; x < width; ++x) {
      const float t = std::min(std::max(static_cast<float>(box[x]) * t_scale + t_offset, 0.0f), 1.0f);
      const float k = rate + (1.0f - rate) * t * t * (3.0f - 2.0f * t);  // smoothstep
      const float target = m[x] == m[x] ? m[x] : 0.0f;
      s[x] += k * (target - s[x]);
    }
  }
  grey.copyTo(prev_grey_);
  return state_;
}

}  // namespace fakecam::compose
