// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a convolution kernel of ours does to each output after the bias, on
// the value still in a register.

#include <limits>

namespace fakecam::segment::kernels {

// Clamped to [min, max] (the op's fused activation: RELU, RELU6), then, if
// hard_swish, y * relu6(y + 3) / 6 (a following HARD_SWISH op).
struct Epilogue {
  float min = -std::numeric_limits<float>::infinity();
  float max = std::numeric_limits<float>::infinity();
  bool hard_swish = false;
};

}  // namespace fakecam::segment::kernels
