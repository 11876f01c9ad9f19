// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/resize_bgr_taps.hpp"

#include <algorithm>

#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose::kernels::resize_detail {

PixelTaps::PixelTaps(int src_width, int dst_width) {
  const ResampleAxis axis(src_width, dst_width, kXOne);
  x0.resize(dst_width);
  x1.resize(dst_width);
  fh.resize(dst_width);
  fl.resize(dst_width);
  for (int x = 0; x < dst_width; ++x) {
    x0[x] = 3 * axis.index[x];
    x1[x] = 3 * std::min(axis.index[x] + 1, src_width - 1);  // weight 0 there
    fh[x] = axis.fixed[x] >> 7;
    fl[x] = axis.fixed[x] & 127;
  }
}

namespace {

constexpr int kLoad = 16;  // bytes per lane load

// Output values [from, from + count) of a row of `n`: where one 16-byte load
// serving them starts, or -1 when their sources span more than one load.
// The load is moved back from the row's end rather than read past it.
int load_base(const PixelTaps& pixels, int n, int row_bytes, int from, int count) {
  const int to = std::min(from + count, n);
  if (from >= to) return 0;  // padding only
  int lo = row_bytes, hi = 0;
  for (int j = from; j < to; ++j) {
    lo = std::min(lo, pixels.x0[j / 3] + j % 3);
    hi = std::max(hi, pixels.x1[j / 3] + j % 3);
  }
  const int base = std::min(lo, row_bytes - kLoad);
  return hi - base < kLoad ? base : -1;
}

}  // namespace

ShuffleTaps::ShuffleTaps(const PixelTaps& pixels, int src_width) {
  const int row_bytes = 3 * src_width;
  if (row_bytes < kLoad) return;
  const int n = 3 * static_cast<int>(pixels.x0.size());
  const int step_count = (n + 31) / 32 * 2;  // whole 32-value rows of the cache
  // Narrow if every lane's 8 values fit one load, else wide if every 4 do.
  for (const int group : {8, 4}) {
    base.clear();
    for (int k = 0; k < step_count; ++k) {
      for (int half = 0; half < 8 / group; ++half) {
        for (int lane = 0; lane < 2; ++lane) {
          const int b = load_base(pixels, n, row_bytes, 16 * k + 8 * lane + group * half, group);
          if (b < 0) break;
          base.push_back(b);
        }
      }
    }
    if (base.size() == static_cast<std::size_t>(step_count * 2 * (8 / group))) {
      wide = group == 4;
      break;
    }
    base.clear();
  }
  if (base.empty()) return;
  const int masks = wide ? 2 : 1;
  mask.assign(static_cast<std::size_t>(step_count) * 32 * masks, 0x80);
  weights.assign(static_cast<std::size_t>(step_count) * 64, 0);
  for (int k = 0; k < step_count; ++k) {
    for (int lane = 0; lane < 2; ++lane) {
      for (int i = 0; i < 8; ++i) {
        const int j = 16 * k + 8 * lane + i;
        const int load = wide && i >= 4 ? 1 : 0;  // which of the lane's loads
        const int b = base[(k * masks + load) * 2 + lane];
        std::uint8_t* m = &mask[(static_cast<std::size_t>(k) * masks + load) * 32 + 16 * lane + 2 * i];
        std::int8_t* coarse = &weights[static_cast<std::size_t>(k) * 64 + 16 * lane + 2 * i];
        std::int8_t* fine = coarse + 32;
        if (j >= n) {  // padding: the load's first byte, weight 0
          m[0] = m[1] = 0;
          coarse[0] = 64;
          continue;
        }
        const int x = j / 3, c = j % 3;
        m[0] = static_cast<std::uint8_t>(pixels.x0[x] + c - b);
        m[1] = static_cast<std::uint8_t>(pixels.x1[x] + c - b);
        coarse[0] = static_cast<std::int8_t>(64 - pixels.fh[x]);
        coarse[1] = static_cast<std::int8_t>(pixels.fh[x]);
        fine[0] = static_cast<std::int8_t>(-pixels.fl[x]);
        fine[1] = static_cast<std::int8_t>(pixels.fl[x]);
      }
    }
  }
  steps = step_count;
}

}  // namespace fakecam::compose::kernels::resize_detail
