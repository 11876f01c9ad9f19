// SPDX-License-Identifier: GPL-3.0-or-later
// ADD with NumPy broadcasting and a fused activation.

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

void define_add(SubgraphBuilder& b, const Op& op, const Add& p) {
  const Clamp c = clamp_for(p.activation);
  check_node(
      xnn_define_add2(b.get(), c.min, c.max, b.value(op.inputs[0]), b.value(op.inputs[1]), b.value(op.output), 0), op);
}

}  // namespace fakecam::segment::xnn
