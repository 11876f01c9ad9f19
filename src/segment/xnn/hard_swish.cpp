// SPDX-License-Identifier: GPL-3.0-or-later
// HARD_SWISH: x * relu6(x + 3) / 6.

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

void define_hard_swish(SubgraphBuilder& b, const Op& op, const HardSwish& /*p*/) {
  check_node(xnn_define_hardswish(b.get(), b.value(op.inputs[0]), b.value(op.output), 0), op);
}

}  // namespace fakecam::segment::xnn
