// SPDX-License-Identifier: GPL-3.0-or-later
// MUL, with broadcasting and a fused activation.

#include "segment/tflite/ops/ops.hpp"

namespace fakecam::segment::tflite {

void read_mul(OpReader& r, const RawOp& raw) {
  r.expect_input_count(raw, 2, 2);
  const int a = r.activation(raw, 0, 0);
  const int b = r.activation(raw, 1, 0);
  const auto* o = r.options<schema::MulOptions>(raw, schema::BuiltinOptions::MulOptions);
  const Activation act = r.activation_of(raw, o->fused_activation_function());
  r.emit(raw, Mul{act}, {a, b}, broadcast_shape(r, raw, r.shape_of(a), r.shape_of(b)));
}

}  // namespace fakecam::segment::tflite
