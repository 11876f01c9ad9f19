// SPDX-License-Identifier: GPL-3.0-or-later
// AVERAGE_POOL_2D. A VALID pool whose window is the whole input (the general
// model's squeeze-excite blocks) is a global average: XNNPACK has a faster
// operator for that, with the same result. XNNPACK refuses a 1x1 window; with
// stride 1 (the loader refuses a larger one) that pool is the identity, so
// only its fused activation is left: a clamp.

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

void define_average_pool_2d(SubgraphBuilder& b, const Op& op, const AveragePool2D& p) {
  const Shape& in = b.shape(op.inputs[0]);
  const Shape& out = b.shape(op.output);
  const Clamp c = clamp_for(p.activation);
  if (p.padding == Padding::valid && p.filter_h == in[1] && p.filter_w == in[2]) {
    check_node(
        xnn_define_global_average_pooling_2d(b.get(), c.min, c.max, b.value(op.inputs[0]), b.value(op.output), 0), op);
    return;
  }
  if (p.filter_h == 1 && p.filter_w == 1) {
    check_node(xnn_define_clamp(b.get(), c.min, c.max, b.value(op.inputs[0]), b.value(op.output), 0), op);
    return;
  }
  Pad ph, pw;
  if (p.padding == Padding::same) {
    ph = same_padding(in[1], out[1], p.filter_h, p.stride_h, 1);
    pw = same_padding(in[2], out[2], p.filter_w, p.stride_w, 1);
  }
  // XNNPACK, like TFLite, leaves padding out of the average.
  check_node(xnn_define_average_pooling_2d(
                 b.get(), ph.before, pw.after, ph.after, pw.before, static_cast<std::uint32_t>(p.filter_h),
                 static_cast<std::uint32_t>(p.filter_w), static_cast<std::uint32_t>(p.stride_h),
                 static_cast<std::uint32_t>(p.stride_w), c.min, c.max, b.value(op.inputs[0]), b.value(op.output), 0),
             op);
}

}  // namespace fakecam::segment::xnn
