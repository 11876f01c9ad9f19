// SPDX-License-Identifier: GPL-3.0-or-later
// MUL with NumPy broadcasting (squeeze-excite: [1,H,W,C] * [1,1,1,C]).

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

void define_mul(SubgraphBuilder& b, const Op& op, const Mul& p) {
  const Clamp c = clamp_for(p.activation);
  check_node(
      xnn_define_multiply2(b.get(), c.min, c.max, b.value(op.inputs[0]), b.value(op.inputs[1]), b.value(op.output), 0),
      op);
}

}  // namespace fakecam::segment::xnn
