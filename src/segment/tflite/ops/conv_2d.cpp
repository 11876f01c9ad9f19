// SPDX-License-Identifier: GPL-3.0-or-later
// CONV_2D: filter [O,KH,KW,I] constant, optional bias [O].

#include "segment/tflite/ops/ops.hpp"
#include "segment/tflite/ops/window.hpp"

namespace fakecam::segment::tflite {

void read_conv_2d(OpReader& r, const RawOp& raw) {
  r.expect_input_count(raw, 2, 3);
  const auto* o = r.options<schema::Conv2DOptions>(raw, schema::BuiltinOptions::Conv2DOptions);
  Conv2D p;
  read_window(r, raw, *o, p);
  const int in = r.activation(raw, 0, 4);
  const int filter = r.weights(raw, 1, "filter");
  const Shape is = r.shape_of(in);
  const Shape fs = r.shape_of(filter);
  if (fs.size() != 4 || fs[3] != is[3]) {
    r.op_error(raw, "filter {} has shape {}; expected [O,KH,KW,{}] for input {}", r.describe(filter), shape_string(fs),
               is[3], shape_string(is));
  }
  const int b = r.bias(raw, 2, fs[0]);
  r.emit(raw, p, {in, filter, b}, window_output_shape(is, fs, p, fs[0]));
}

}  // namespace fakecam::segment::tflite
