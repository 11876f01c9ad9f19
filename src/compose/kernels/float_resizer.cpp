// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/float_resizer.hpp"

#include <algorithm>

#include "compose/kernels/kernels.hpp"
#include "compose/kernels/stretch_row_up.hpp"

namespace fakecam::compose {

const float* FloatResizer::stretched(const cv::Mat& src, int r) {
  const int width = plan_.dst.width;
  for (int s = 0; s < 2; ++s) {
    if (slot_row_[s] == r) return slots_.data() + static_cast<std::size_t>(s) * width;
  }
  // Rows come in order: the slot of the older row is taken.
  const int s = slot_row_[0] < slot_row_[1] ? 0 : 1;
  const float* row = src.ptr<float>(r);
  std::copy(row, row + src.cols, padded_.begin());
  std::fill(padded_.begin() + src.cols, padded_.end(), row[src.cols - 1]);
  float* out = slots_.data() + static_cast<std::size_t>(s) * width;
  if (width >= src.cols) {
    kernels::stretch_row_up_f32(padded_.data(), plan_.x.index.data(), plan_.x.weight.data(), out, width);
  } else {
    kernels::stretch_row_f32(padded_.data(), plan_.x.index.data(), plan_.x.weight.data(), out, width);
  }
  slot_row_[s] = r;
  return out;
}

void FloatResizer::run(const cv::Mat& src, cv::Size size, cv::Mat& out) {
  CV_Assert(src.type() == CV_32FC1 && !src.empty() && size.width > 0 && size.height > 0);
  if (plan_.src != src.size() || plan_.dst != size) {
    plan_ = ResamplePlan(src.size(), size);
    padded_.resize(static_cast<std::size_t>(src.cols) + 8);
    slots_.resize(2 * static_cast<std::size_t>(size.width));
  }
  slot_row_[0] = slot_row_[1] = -1;  // a new image
  out.create(size, CV_32FC1);
  CV_Assert(out.data != src.data);
  for (int y = 0; y < size.height; ++y) {
    const int r0 = plan_.y.index[static_cast<std::size_t>(y)];
    const float w = plan_.y.weight[static_cast<std::size_t>(y)];
    const float* a = stretched(src, r0);
    float* o = out.ptr<float>(y);
    if (w == 0.0f) {
      std::copy(a, a + size.width, o);
      continue;
    }
    const float* b = stretched(src, std::min(r0 + 1, src.rows - 1));
    for (int x = 0; x < size.width; ++x) o[x] = a[x] + (b[x] - a[x]) * w;
  }
}

}  // namespace fakecam::compose
