// CONV_2D: TFLite's filter layout [O, KH, KW, I] is XNNPACK's, so the
// weights are used as they are.

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

void define_conv_2d(SubgraphBuilder& b, const Op& op, const Conv2D& p) {
  const Shape& in = b.shape(op.inputs[0]);
  const Shape& filter = b.shape(op.inputs[1]);
  const Shape& out = b.shape(op.output);
  Pad ph, pw;
  if (p.padding == Padding::same) {
    ph = same_padding(in[1], out[1], filter[1], p.stride_h, p.dilation_h);
    pw = same_padding(in[2], out[2], filter[2], p.stride_w, p.dilation_w);
  }
  const Clamp c = clamp_for(p.activation);
  check_node(xnn_define_convolution_2d(
                 b.get(), ph.before, pw.after, ph.after, pw.before, static_cast<std::uint32_t>(filter[1]),
                 static_cast<std::uint32_t>(filter[2]), static_cast<std::uint32_t>(p.stride_h),
                 static_cast<std::uint32_t>(p.stride_w), static_cast<std::uint32_t>(p.dilation_h),
                 static_cast<std::uint32_t>(p.dilation_w), /*groups=*/1, static_cast<std::size_t>(filter[3]),
                 static_cast<std::size_t>(filter[0]), c.min, c.max, b.value(op.inputs[0]), b.value(op.inputs[1]),
                 b.value(op.inputs[2]), b.value(op.output), 0),
             op);
}

}  // namespace fakecam::segment::xnn
