// SPDX-License-Identifier: GPL-3.0-or-later
// AVERAGE_POOL_2D.

#include "segment/tflite/ops/ops.hpp"
#include "segment/tflite/ops/window.hpp"

namespace fakecam::segment::tflite {

void read_average_pool_2d(OpReader& r, const RawOp& raw) {
  r.expect_input_count(raw, 1, 1);
  const auto* o = r.options<schema::Pool2DOptions>(raw, schema::BuiltinOptions::Pool2DOptions);
  AveragePool2D p;
  p.padding = r.padding_of(raw, o->padding());
  p.filter_h = o->filter_height();
  p.filter_w = o->filter_width();
  p.stride_h = o->stride_h();
  p.stride_w = o->stride_w();
  p.activation = r.activation_of(raw, o->fused_activation_function());
  r.check_positive(raw, "filter_height", p.filter_h);
  r.check_positive(raw, "filter_width", p.filter_w);
  r.check_positive(raw, "stride_h", p.stride_h);
  r.check_positive(raw, "stride_w", p.stride_w);
  if (p.filter_h == 1 && p.filter_w == 1 && (p.stride_h > 1 || p.stride_w > 1)) {
    // XNNPACK has no 1x1 pool; with stride 1 it is the identity, otherwise a subsampling it cannot express.
    r.op_error(raw, "a 1x1 window with stride {}x{} is not supported", p.stride_h, p.stride_w);
  }
  const int in = r.activation(raw, 0, 4);
  const Shape is = r.shape_of(in);
  r.emit(raw, p, {in},
         {is[0], conv_output_size(is[1], p.filter_h, p.stride_h, 1, p.padding),
          conv_output_size(is[2], p.filter_w, p.stride_w, 1, p.padding), is[3]});
}

}  // namespace fakecam::segment::tflite
