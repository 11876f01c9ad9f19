// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A CV_32FC1 image resized bilinearly with cv::resize's INTER_LINEAR mapping
// (resample_plan.hpp): each output row mixes two source rows, each stretched
// across once (kernels::stretch_row_up_f32 where the row gets longer). The
// plan is made once per size pair. For the edge refiner's confidence, the
// model's mask taken to the guide size every frame: 256x144 -> 320x180 in
// 33 us by cv::resize, which also plans it anew each call (bench/compose
// BM_FloatResize).

#include <vector>

#include <opencv2/core.hpp>

#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose {

class FloatResizer {
 public:
  // `src`: CV_32FC1, not empty; `out` is made CV_32FC1 of `size` (not
  // src's own data). Equal to cv::resize(INTER_LINEAR) within float
  // rounding.
  void run(const cv::Mat& src, cv::Size size, cv::Mat& out);

 private:
  // Source row r stretched across, in whichever of the two slots holds it.
  const float* stretched(const cv::Mat& src, int r);

  ResamplePlan plan_;
  std::vector<float> padded_;  // a source row and 8 copies of its last value
  std::vector<float> slots_;   // two stretched rows
  int slot_row_[2] = {-1, -1};
};

}  // namespace fakecam::compose
