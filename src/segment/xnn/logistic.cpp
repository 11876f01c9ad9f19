// SPDX-License-Identifier: GPL-3.0-or-later
// LOGISTIC: the sigmoid, 1 / (1 + exp(-x)).

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

void define_logistic(SubgraphBuilder& b, const Op& op, const Logistic& /*p*/) {
  check_node(xnn_define_sigmoid(b.get(), b.value(op.inputs[0]), b.value(op.output), 0), op);
}

}  // namespace fakecam::segment::xnn
