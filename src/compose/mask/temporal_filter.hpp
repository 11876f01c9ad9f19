// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Temporal smoothing of the model's person mask, at model resolution (cheap:
// 256x144 pixels), motion-aware:
//
//   s_t = s_{t-1} + k * (m_t - s_{t-1}),
//   k = still_rate where the picture did not change, rising to 1 where it did.
//
// The model's answer wobbles from frame to frame even when nothing moves
// (sensor noise through a network): a running average removes that flicker.
// A plain running average (the successor's --background-mask-update-speed)
// also drags the mask behind a moving person - a ghost of the background
// where they were, a cut-off where they went. Here the change of the picture
// itself (the grey frame at model resolution, 3x3-averaged) decides: where it
// moved by more than camera noise, the new mask is taken as is.

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "compose/compose_settings.hpp"

namespace fakecam::compose {

class TemporalFilter {
 public:
  explicit TemporalFilter(TemporalSettings settings) : settings_(settings) {}

  // model_mask: CV_32FC1 confidence; grey: CV_8UC1 picture of the same size
  // (the frame reduced to model resolution). Returns the smoothed mask
  // (CV_32FC1, same size; valid until the next call). The first frame, and
  // any frame after a size change or reset(), is taken as is.
  const cv::Mat& run(const cv::Mat& model_mask, const cv::Mat& grey);

  // Forget the history (e.g. after a pause in the video).
  void reset() { state_.release(); }

  const TemporalSettings& settings() const { return settings_; }

  // Picture changes (mean absolute grey difference over 3x3 model pixels)
  // below kStillLevel count as noise, above kMovingLevel as motion; between,
  // the rate rises smoothly.
  static constexpr float kStillLevel = 2.0f;
  static constexpr float kMovingLevel = 6.0f;

 private:
  TemporalSettings settings_;
  cv::Mat state_;                       // CV_32FC1, the smoothed mask
  cv::Mat prev_grey_;                   // CV_8UC1
  cv::Mat diff_;                        // CV_8UC1 |grey - prev|
  std::vector<std::uint16_t> columns_;  // one row of diff_'s 3-row column sums, an edge column each side
  std::vector<std::uint16_t> box_;      // and of its 3x3 sums
};

}  // namespace fakecam::compose
