// SPDX-License-Identifier: GPL-3.0-or-later
// DEPTH_TO_SPACE: XNNPACK's node has TensorFlow's (DCR) channel order, the
// order the Graph op is defined with.

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

void define_depth_to_space(SubgraphBuilder& b, const Op& op, const DepthToSpace& p) {
  check_node(xnn_define_depth_to_space(b.get(), b.value(op.inputs[0]), b.value(op.output),
                                       static_cast<std::uint32_t>(p.block_size), 0),
             op);
}

}  // namespace fakecam::segment::xnn
