// SPDX-License-Identifier: GPL-3.0-or-later
// DEPTHWISE_CONV_2D: filter [1,KH,KW,C*M] constant, optional bias [C*M].

#include "segment/tflite/ops/ops.hpp"
#include "segment/tflite/ops/window.hpp"

namespace fakecam::segment::tflite {

void read_depthwise_conv_2d(OpReader& r, const RawOp& raw) {
  r.expect_input_count(raw, 2, 3);
  const auto* o = r.options<schema::DepthwiseConv2DOptions>(raw, schema::BuiltinOptions::DepthwiseConv2DOptions);
  DepthwiseConv2D p;
  read_window(r, raw, *o, p);
  const int in = r.activation(raw, 0, 4);
  const int filter = r.weights(raw, 1, "filter");
  const Shape is = r.shape_of(in);
  const Shape fs = r.shape_of(filter);
  // The multiplier follows from the filter, as TFLite does (the option is redundant).
  if (fs.size() != 4 || fs[0] != 1 || fs[3] % is[3] != 0) {
    r.op_error(raw, "filter {} has shape {}; expected [1,KH,KW,{}*M] for input {}", r.describe(filter),
               shape_string(fs), is[3], shape_string(is));
  }
  p.depth_multiplier = fs[3] / is[3];
  const int b = r.bias(raw, 2, fs[3]);
  r.emit(raw, p, {in, filter, b}, window_output_shape(is, fs, p, fs[3]));
}

}  // namespace fakecam::segment::tflite
