#pragma once
// Where an output pixel of a bilinear resize reads its input: OpenCV's
// INTER_LINEAR convention (pixel centres aligned, clamped at both ends), so
// that hand-written resampling agrees with cv::resize.

#include <vector>

namespace fakecam::compose {

struct LinearTap {
  int index = 0;       // the first of the two source samples
  double weight = 0;   // of the second one (index + 1), in [0, 1)
};

// For each of dst_len outputs, its tap into src_len inputs.
std::vector<LinearTap> linear_taps(int src_len, int dst_len);

}  // namespace fakecam::compose
