// SPDX-License-Identifier: GPL-3.0-or-later
// RESIZE_BILINEAR to a constant size.

#include "segment/tflite/ops/ops.hpp"

namespace fakecam::segment::tflite {

void read_resize_bilinear(OpReader& r, const RawOp& raw) {
  r.expect_input_count(raw, 2, 2);
  const auto* o = r.options<schema::ResizeBilinearOptions>(raw, schema::BuiltinOptions::ResizeBilinearOptions);
  const int in = r.activation(raw, 0, 4);
  const auto size = r.int_constant(raw, 1, "size");
  if (size.size() != 2) r.op_error(raw, "size must hold 2 values (height, width), found {}", size.size());
  ResizeBilinear p{size[0], size[1], o->align_corners(), o->half_pixel_centers()};
  r.check_positive(raw, "output height", p.out_h);
  r.check_positive(raw, "output width", p.out_w);
  if (p.align_corners && p.half_pixel_centers)
    r.op_error(raw, "align_corners and half_pixel_centers cannot both be set");
  const Shape is = r.shape_of(in);
  r.emit(raw, p, {in}, {is[0], p.out_h, p.out_w, is[3]});
}

}  // namespace fakecam::segment::tflite
