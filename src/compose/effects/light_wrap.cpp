// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/effects/light_wrap.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "compose/kernels/kernels.hpp"
#include "compose/kernels/resample_plan.hpp"
#include "compose/mask/mask_pipeline.hpp"

namespace fakecam::compose {
namespace {

// The wrap reaches about this far into the person, in guide pixels (x4 at 720p).
constexpr double kWrapSigma = 2.0;

}  // namespace

void LightWrap::plan(cv::Size frame) {
  frame_ = frame;
  low_ = guide_size(frame);
  factor_ = std::max(1, frame.height / low_.height);
  resample_ = ResamplePlan(low_, frame, 256);
  w_rows_.assign(2 * static_cast<std::size_t>(frame.width), 0.0f);
  k_.assign(frame.width, 0);
  k3_.assign(3 * static_cast<std::size_t>(frame.width), 0);
  bg_row_.assign(3 * static_cast<std::size_t>(frame.width), 0);
  scratch_.assign(3 * static_cast<std::size_t>(frame.width), 0);
}

void LightWrap::apply(const cv::Mat& fg, const cv::Mat& alpha, Background& background, cv::Mat& out) {
  CV_Assert(fg.type() == CV_8UC3 && alpha.type() == CV_8UC1 && fg.size() == alpha.size() && out.data != fg.data);
  if (fg.size() != frame_) plan(fg.size());

  // How much background surrounds each point, as a weight.
  cv::resize(alpha, alpha_low_, low_, 0, 0, cv::INTER_AREA);
  alpha_low_.convertTo(weight_low_, CV_32F, -1.0 / 255.0, 1.0);  // 1 - alpha
  cv::GaussianBlur(weight_low_, weight_low_, cv::Size(), kWrapSigma, kWrapSigma, cv::BORDER_REPLICATE);
  // Scaled for the per-pixel step: k = strength * weight (0..1) * alpha
  // (0..255) -> 0..255, the blend weight of the background.
  w_padded_.create(low_.height, low_.width + 1, CV_32FC1);
  cv::Mat w_inner = w_padded_.colRange(0, low_.width);
  weight_low_.convertTo(w_inner, CV_32F, strength_ / 100.0);
  cv::Mat last = w_padded_.col(low_.width);
  w_padded_.col(low_.width - 1).copyTo(last);

  // The background, sampled at the guide size and blurred.
  bg_low_.create(low_, CV_8UC3);
  for (int r = 0; r < low_.height; ++r) {
    const int y = std::min(frame_.height - 1, r * factor_ + factor_ / 2);
    const std::uint8_t* src = background.row(y, scratch_.data());
    std::uint8_t* dst = bg_low_.ptr<std::uint8_t>(r);
    for (int c = 0; c < low_.width; ++c) {
      const int x = std::min(frame_.width - 1, c * factor_ + factor_ / 2);
      dst[3 * c] = src[3 * x];
      dst[3 * c + 1] = src[3 * x + 1];
      dst[3 * c + 2] = src[3 * x + 2];
    }
  }
  cv::GaussianBlur(bg_low_, bg_low_, cv::Size(), kWrapSigma, kWrapSigma, cv::BORDER_REPLICATE);
  cv::resize(bg_low_, bg_stretched_, cv::Size(frame_.width, low_.height), 0, 0, cv::INTER_LINEAR);

  out.create(fg.size(), CV_8UC3);
  const int n = frame_.width;
  slot_row_[0] = slot_row_[1] = -1;
  for (int y = 0; y < frame_.height; ++y) {
    const int r0 = resample_.y.index[y];
    const int r1 = std::min(r0 + 1, low_.height - 1);
    // Row r is stretched into slot r % 2 once, and reused by the next rows.
    auto stretched = [&](int r) {
      float* slot = w_rows_.data() + static_cast<std::size_t>(r % 2) * n;
      if (slot_row_[r % 2] != r) {
        kernels::stretch_row_f32(w_padded_.ptr<float>(r), resample_.x.index.data(), resample_.x.weight.data(), slot, n);
        slot_row_[r % 2] = r;
      }
      return slot;
    };
    const float* w0 = stretched(r0);
    const float* w1 = r1 == r0 ? w0 : stretched(r1);
    const float wy = resample_.y.weight[y];
    const std::uint8_t* a = alpha.ptr<std::uint8_t>(y);
    for (int x = 0; x < n; ++x) {
      const float w = (w0[x] + wy * (w1[x] - w0[x])) * static_cast<float>(a[x]);
      k_[x] = static_cast<std::uint8_t>(std::min(255.0f, w + 0.5f));
    }
    kernels::triple_u8(k_.data(), k3_.data(), n);
    kernels::lerp_u8(bg_stretched_.ptr<std::uint8_t>(r0), bg_stretched_.ptr<std::uint8_t>(r1), resample_.y.fixed[y],
                     bg_row_.data(), 3 * n);
    kernels::blend_u8(bg_row_.data(), fg.ptr<std::uint8_t>(y), k3_.data(), out.ptr<std::uint8_t>(y), 3 * n);
  }
}

}  // namespace fakecam::compose
