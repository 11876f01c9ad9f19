// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where each output pixel of a bilinear resize reads its input: OpenCV's
// INTER_LINEAR convention (pixel centres aligned, clamped at both ends), so
// that the hand-written resampling of the mask, the edge refiner, the blur
// and light wrap agrees with cv::resize. Made once per size pair (when the
// sizes change), in the forms the kernels take.

#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::compose {

// One axis: src_len samples stretched or shrunk to dst_len.
struct ResampleAxis {
  ResampleAxis() = default;
  // `from` samples to `to`. fixed_one > 0 also gives the weights in fixed
  // point (round(weight * fixed_one), from the exact weight): 256 for 8-bit
  // lerps, 2048 for Q11.
  ResampleAxis(int from, int to, int fixed_one = 0);

  int src_len = 0, dst_len = 0;
  std::vector<int> index;     // per output: the first of the two source samples
  std::vector<float> weight;  // and the weight of the second (index + 1), in [0, 1)
  std::vector<int> fixed;     // the weight in fixed point (empty unless asked for)
};

// Both axes of a resize from `src` to `dst`; the rows' weights also in fixed
// point when y_fixed_one > 0 (the vertical step runs on integer rows).
struct ResamplePlan {
  ResamplePlan() = default;
  ResamplePlan(cv::Size from, cv::Size to, int y_fixed_one = 0)
      : src(from), dst(to), x(from.width, to.width), y(from.height, to.height, y_fixed_one) {}

  cv::Size src, dst;
  ResampleAxis x, y;
};

}  // namespace fakecam::compose
