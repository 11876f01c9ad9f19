// SPDX-License-Identifier: GPL-3.0-or-later
// RELU: element-wise, no options.

#include "segment/tflite/ops/ops.hpp"

namespace fakecam::segment::tflite {

void read_relu(OpReader& r, const RawOp& raw) { read_unary(r, raw, Relu{}); }

}  // namespace fakecam::segment::tflite
