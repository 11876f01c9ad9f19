// SPDX-License-Identifier: GPL-3.0-or-later
// RELU as a clamp to [0, +inf).

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

void define_relu(SubgraphBuilder& b, const Op& op, const Relu& /*p*/) {
  const Clamp c = clamp_for(Activation::relu);
  check_node(xnn_define_clamp(b.get(), c.min, c.max, b.value(op.inputs[0]), b.value(op.output), 0), op);
}

}  // namespace fakecam::segment::xnn
