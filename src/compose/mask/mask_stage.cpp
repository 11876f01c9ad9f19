// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/mask/mask_stage.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "compose/kernels/kernels.hpp"
#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose {
namespace {

// Alpha in Q4 (x16) ranges over [0, 4080]; unclamped ramp values are clipped
// this far beyond either end before interpolation (int16 holds them). Equal
// margins keep the half-way crossing where it was. Ramps of 0.15 and wider
// never reach them (a mask step of 1 gives at most 255/0.15 * 16); a steeper
// ramp with a full 0-to-1 step between two model pixels is clipped, which
// only moves alpha within 7% of that model pixel around the crossing.
constexpr float kQ4Low = -28000.0f;
constexpr float kQ4High = 4080.0f + 28000.0f;

// The narrowest ramp, used for "0" (a hard threshold): steeper than any two
// neighbouring 8-bit alpha values can show.
constexpr float kMinRamp = 1e-4f;

}  // namespace

MaskStage::MaskStage(MaskSettings settings) : settings_(settings) {
  const float ramp = std::max(settings_.ramp, kMinRamp);
  // alpha = (m - t) / ramp * 255 + 127.5, in Q4.
  scale_ = 16.0f * 255.0f / ramp;
  offset_ = 16.0f * (127.5f - settings_.threshold * 255.0f / ramp);
}

void MaskStage::plan(cv::Size model, cv::Size frame) {
  model_size_ = model;
  frame_size_ = frame;
  resample_ = ResamplePlan(model, frame, 2048);
  // One spare element so the right neighbour of the last column exists.
  ramped_.assign(model.width + 1, 0.0f);
  rows_.assign(static_cast<std::size_t>(model.height) * frame.width, 0);
}

void MaskStage::run(const cv::Mat& model_mask, cv::Size frame_size, cv::Mat& alpha) {
  if (model_mask.empty() || model_mask.type() != CV_32FC1) {
    fail("compositor: the person mask must be a non-empty CV_32FC1 image");
  }
  if (frame_size.width <= 0 || frame_size.height <= 0) fail("compositor: empty frame");
  if (model_mask.size() != model_size_ || frame_size != frame_size_) plan(model_mask.size(), frame_size);

  const int mw = model_size_.width;
  const int fw = frame_size_.width;
  float* ramped = ramped_.data();
  // Ramp each model row, then stretch it to the frame width (Q4 int16).
  for (int r = 0; r < model_size_.height; ++r) {
    const float* m = model_mask.ptr<float>(r);
    for (int x = 0; x < mw; ++x) {
      const float v = m[x] * scale_ + offset_;
      // Written so that NaN (all comparisons false) becomes kQ4Low.
      ramped[x] = v > kQ4Low ? (v < kQ4High ? v : kQ4High) : kQ4Low;
    }
    ramped[mw] = ramped[mw - 1];
    kernels::stretch_row_q4(ramped, resample_.x.index.data(), resample_.x.weight.data(), row(r), fw);
  }
  // Each frame row from its two model rows.
  alpha.create(frame_size_, CV_8UC1);
  for (int y = 0; y < frame_size_.height; ++y) {
    const int r0 = resample_.y.index[y];
    const int r1 = std::min(r0 + 1, model_size_.height - 1);
    kernels::lerp_q4_to_u8(row(r0), row(r1), resample_.y.fixed[y], alpha.ptr<std::uint8_t>(y), fw);
  }
}

}  // namespace fakecam::compose
