// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/resample_plan.hpp"

#include <cmath>

namespace fakecam::compose {

ResampleAxis::ResampleAxis(int from, int to, int fixed_one) : src_len(from), dst_len(to) {
  index.resize(dst_len);
  weight.resize(dst_len);
  if (fixed_one > 0) fixed.resize(dst_len);
  const double scale = static_cast<double>(src_len) / dst_len;
  for (int i = 0; i < dst_len; ++i) {
    const double f = (i + 0.5) * scale - 0.5;
    int first = static_cast<int>(std::floor(f));
    double w = f - first;
    if (first < 0) first = 0, w = 0.0;
    if (first >= src_len - 1) first = src_len - 1, w = 0.0;
    index[i] = first;
    weight[i] = static_cast<float>(w);
    if (fixed_one > 0) fixed[i] = static_cast<int>(std::lround(w * fixed_one));
  }
}

}  // namespace fakecam::compose
