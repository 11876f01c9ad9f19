// SPDX-License-Identifier: GPL-3.0-or-later
// HARD_SWISH: element-wise, no options.

#include "segment/tflite/ops/ops.hpp"

namespace fakecam::segment::tflite {

void read_hard_swish(OpReader& r, const RawOp& raw) { read_unary(r, raw, HardSwish{}); }

}  // namespace fakecam::segment::tflite
