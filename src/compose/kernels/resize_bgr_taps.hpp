// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where resize_bilinear_bgr's horizontal pass reads (see resize_bgr.hpp), in
// the two forms its builds take: per output pixel for the baseline, and as
// shuffle tables for AVX2's pshufb + pmaddubsw, 16 output values (5 1/3
// pixels) per step. Made per call from the sizes (a few microseconds for a
// 720p row; framing's crop changes size from frame to frame).

#include <cstdint>
#include <vector>

namespace fakecam::compose::kernels::resize_detail {

// The horizontal weight's fixed point: F = round(f kXOne) = 128 fh + fl.
inline constexpr int kXOne = 8192;

// Per output pixel: the byte offsets of its two source pixels (3 x, the
// second clamped to the row) and the weight of the second, split.
struct PixelTaps {
  PixelTaps(int src_width, int dst_width);
  std::vector<int> x0, x1;
  std::vector<int> fh, fl;  // fh in [0, 64], fl in [0, 127]
};

// Per step of 16 output values, two 128-bit lanes of 8: the channel pairs
// (p0, p1) of each value gathered by pshufb from 16 source bytes loaded at
// `base` (narrow: one load per lane, when 8 values' sources span at most 16
// bytes, as they do when upscaling) or from two loads per lane, 4 values
// each (wide: shrinking up to 3x), OR'ed. Loads never leave the source row.
// Values past the row's end (the last step's) read the load's first byte.
struct ShuffleTaps {
  ShuffleTaps(const PixelTaps& pixels, int src_width);
  int steps = 0;  // 0: the sizes do not fit either form (use the baseline)
  bool wide = false;
  std::vector<std::int32_t> base;    // per step: lane 0, lane 1 (wide: then the second load of each)
  std::vector<std::uint8_t> mask;    // per step: 32 bytes (wide: 64, the second load's after)
  std::vector<std::int8_t> weights;  // per step: (64 - fh, fh) pairs, then (-fl, fl) pairs
};

}  // namespace fakecam::compose::kernels::resize_detail
