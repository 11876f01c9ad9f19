// SPDX-License-Identifier: GPL-3.0-or-later
// MEAN over height and width (the landscape model's squeeze-excite blocks):
// XNNPACK's global average pooling. Without keep_dims the output is [N, C],
// the same memory as [N, 1, 1, C], so XNNPACK is given the 4-D view.

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

void define_mean(SubgraphBuilder& b, const Op& op, const MeanHW& /*p*/) {
  const Shape& in = b.shape(op.inputs[0]);
  const std::vector<std::size_t> out_dims{static_cast<std::size_t>(in[0]), 1, 1, static_cast<std::size_t>(in[3])};
  check_node(xnn_define_global_average_pooling_2d(b.get(), Clamp{}.min, Clamp{}.max, b.value(op.inputs[0]),
                                                  b.value(op.output, out_dims), 0),
             op);
}

}  // namespace fakecam::segment::xnn
