// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The squeeze-excite gate and the sum after it in one pass: out = x * gate + y
// with a per-channel gate ([C], broadcast over the pixels) and x, y, out of
// [pixels, C]. MediaPipe's decoder does this at every scale, the largest on
// 72x128x16 (landscape): XNNPACK's MUL and ADD each read and write the whole
// tensor (~0.09 ms together there, issue 12). One FMA per value.

#include "segment/kernels/isa.hpp"

namespace fakecam::segment::kernels {

// out may be x or y (each value is read before it is written).
void gate_add(const float* x, const float* gate, const float* y, float* out, int pixels, int channels,
              Isa isa = best_isa());

// The plain loop the kernel is tested against (a multiply, then an add).
void gate_add_reference(const float* x, const float* gate, const float* y, float* out, int pixels, int channels);

}  // namespace fakecam::segment::kernels
