#include "compose/kernels/resample.hpp"

#include <cmath>

namespace fakecam::compose {

std::vector<LinearTap> linear_taps(int src_len, int dst_len) {
  std::vector<LinearTap> taps(dst_len);
  const double scale = static_cast<double>(src_len) / dst_len;
  for (int i = 0; i < dst_len; ++i) {
    const double f = (i + 0.5) * scale - 0.5;
    LinearTap tap{static_cast<int>(std::floor(f)), 0.0};
    tap.weight = f - tap.index;
    if (tap.index < 0) tap = {0, 0.0};
    if (tap.index >= src_len - 1) tap = {src_len - 1, 0.0};
    taps[i] = tap;
  }
  return taps;
}

}  // namespace fakecam::compose
