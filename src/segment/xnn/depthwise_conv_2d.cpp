// SPDX-License-Identifier: GPL-3.0-or-later
// DEPTHWISE_CONV_2D: filter [1, KH, KW, I*M] in both TFLite and XNNPACK.

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

void define_depthwise_conv_2d(SubgraphBuilder& b, const Op& op, const DepthwiseConv2D& p) {
  const Shape& in = b.shape(op.inputs[0]);
  const Shape& filter = b.shape(op.inputs[1]);
  const Shape& out = b.shape(op.output);
  const auto [ph, pw] = window_padding(in, out, filter, p);
  const Clamp c = clamp_for(p.activation);
  check_node(xnn_define_depthwise_convolution_2d(
                 b.get(), ph.before, pw.after, ph.after, pw.before, static_cast<std::uint32_t>(filter[1]),
                 static_cast<std::uint32_t>(filter[2]), static_cast<std::uint32_t>(p.stride_h),
                 static_cast<std::uint32_t>(p.stride_w), static_cast<std::uint32_t>(p.dilation_h),
                 static_cast<std::uint32_t>(p.dilation_w), static_cast<std::uint32_t>(p.depth_multiplier),
                 static_cast<std::size_t>(in[3]), c.min, c.max, b.value(op.inputs[0]), b.value(op.inputs[1]),
                 b.value(op.inputs[2]), b.value(op.output), 0),
             op);
}

}  // namespace fakecam::segment::xnn
