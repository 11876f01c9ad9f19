// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/mask/mask_pipeline.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"

namespace fakecam::compose {

cv::Size guide_size(cv::Size frame) {
  const int factor = std::max(1, static_cast<int>(std::lround(static_cast<double>(frame.height) / kGuideHeight)));
  return {std::max(1, frame.width / factor), std::max(1, frame.height / factor)};
}

MaskPipeline::MaskPipeline(MaskSettings mask, RefineSettings refine, TemporalSettings temporal)
    : mask_settings_(mask), refine_settings_(refine), bilinear_(mask), temporal_(temporal), refiner_(mask, refine) {}

const cv::Mat& MaskPipeline::alpha_low() const {
  return refine_settings_.enabled ? refiner_.alpha_low() : no_alpha_low_;
}

namespace {
void check_model_mask(const cv::Mat& model_mask) {
  if (model_mask.empty() || model_mask.type() != CV_32FC1)
    fail("compositor: the person mask must be a non-empty CV_32FC1 image");
}
}  // namespace

void MaskPipeline::run(const cv::Mat& frame_bgr, const cv::Mat& model_mask, cv::Mat& alpha) {
  if (frame_bgr.empty() || frame_bgr.type() != CV_8UC3) fail("compositor: expected an 8-bit 3-channel frame");
  check_model_mask(model_mask);
  const cv::Mat* guide = &frame_bgr;  // at frame size: BGR, or grey when made below
  if (needs_guide()) {
    // The grey frame reduced to the guide size, straight from BGR when the
    // factor is exact (720p, 1080p); a full grey frame only otherwise.
    const cv::Size low = guide_size(frame_bgr.size());
    if (GreyShrinker::exact(frame_bgr.size(), low)) {
      shrinker_.run_bgr(frame_bgr, low, grey_low_);
    } else {
      cv::cvtColor(frame_bgr, grey_, cv::COLOR_BGR2GRAY);
      if (low == grey_.size()) {
        grey_.copyTo(grey_low_);
      } else {
        shrinker_.run(grey_, low, grey_low_);
      }
      guide = &grey_;
    }
  }
  finish(model_mask, *guide, GuideRange::full, alpha);
}

void MaskPipeline::run_luma(const cv::Mat& luma, const cv::Mat& model_mask, cv::Mat& alpha) {
  if (luma.empty() || luma.type() != CV_8UC1) fail("compositor: expected an 8-bit luma plane");
  check_model_mask(model_mask);
  if (needs_guide()) {
    const cv::Size low = guide_size(luma.size());
    if (low == luma.size()) {
      luma.copyTo(grey_low_);
    } else {
      shrinker_.run(luma, low, grey_low_);
    }
  } else {
    grey_low_.release();  // not this frame's: nobody may take it for it
  }
  finish(model_mask, luma, GuideRange::limited, alpha);
}

bool MaskPipeline::needs_guide() const { return temporal_.settings().still_rate < 1.0f || refine_settings_.enabled; }

void MaskPipeline::finish(const cv::Mat& model_mask, const cv::Mat& guide, GuideRange range, cv::Mat& alpha) {
  const bool smoothing = temporal_.settings().still_rate < 1.0f;
  if (smoothing) {
    // Motion is judged at model resolution; the guide is already averaged,
    // so bilinear is enough to get there.
    cv::resize(grey_low_, grey_model_, model_mask.size(), 0, 0, cv::INTER_LINEAR);
    // The motion thresholds are in grey levels: luma's 16..235 stretched to them.
    if (range == GuideRange::limited) grey_model_.convertTo(grey_model_, CV_8U, 255.0 / 219.0, -16.0 * 255.0 / 219.0);
    smoothed_ = temporal_.run(model_mask, grey_model_);
  } else {
    smoothed_ = model_mask;
  }
  if (refine_settings_.enabled) {
    refiner_.run(smoothed_, grey_low_, guide, alpha, range);
  } else {
    bilinear_.run(smoothed_, guide.size(), alpha);
  }
}

}  // namespace fakecam::compose
