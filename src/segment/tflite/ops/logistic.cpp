// SPDX-License-Identifier: GPL-3.0-or-later
// LOGISTIC: element-wise, no options.

#include "segment/tflite/ops/ops.hpp"

namespace fakecam::segment::tflite {

void read_logistic(OpReader& r, const RawOp& raw) { read_unary(r, raw, Logistic{}); }

}  // namespace fakecam::segment::tflite
