// SPDX-License-Identifier: GPL-3.0-or-later
// MediaPipe's Convolution2DTransposeBias: a transposed convolution plus bias,
// which is XNNPACK's deconvolution. Filter [O, KH, KW, I] in both.
//
// Padding follows TFLite's transposed convolution: the output size is fixed
// (in*stride for SAME), the padding is what the full-size result overhangs it,
// split with the extra element after; a short result is extended by the
// "adjustment" at the bottom/right.

#include <algorithm>

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

namespace {
struct DeconvGeometry {
  Pad pad;
  std::uint32_t adjustment = 0;
};

DeconvGeometry geometry(int in, int out, int kernel, int stride) {
  const int full = (in - 1) * stride + kernel;
  DeconvGeometry g;
  if (full >= out) {
    const int total = full - out;
    g.pad = {static_cast<std::uint32_t>(total / 2), static_cast<std::uint32_t>(total - total / 2)};
  } else {
    g.adjustment = static_cast<std::uint32_t>(out - full);
  }
  return g;
}
}  // namespace

void define_transpose_conv_bias(SubgraphBuilder& b, const Op& op, const TransposeConvBias& p) {
  const Shape& in = b.shape(op.inputs[0]);
  const Shape& filter = b.shape(op.inputs[1]);
  const Shape& out = b.shape(op.output);
  const DeconvGeometry gh = geometry(in[1], out[1], filter[1], p.stride_h);
  const DeconvGeometry gw = geometry(in[2], out[2], filter[2], p.stride_w);
  check_node(xnn_define_deconvolution_2d(
                 b.get(), gh.pad.before, gw.pad.after, gh.pad.after, gw.pad.before, gh.adjustment, gw.adjustment,
                 static_cast<std::uint32_t>(filter[1]), static_cast<std::uint32_t>(filter[2]),
                 static_cast<std::uint32_t>(p.stride_h), static_cast<std::uint32_t>(p.stride_w), 1, 1, /*groups=*/1,
                 static_cast<std::size_t>(filter[3]), static_cast<std::size_t>(filter[0]), Clamp{}.min, Clamp{}.max,
                 b.value(op.inputs[0]), b.value(op.inputs[1]), b.value(op.inputs[2]), b.value(op.output), 0),
             op);
}

}  // namespace fakecam::segment::xnn
