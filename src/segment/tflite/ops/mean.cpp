// SPDX-License-Identifier: GPL-3.0-or-later
// MEAN over height and width only (global average pooling).

#include <algorithm>

#include "segment/tflite/ops/ops.hpp"

namespace fakecam::segment::tflite {

void read_mean(OpReader& r, const RawOp& raw) {
  r.expect_input_count(raw, 2, 2);
  const auto* o = r.options<schema::ReducerOptions>(raw, schema::BuiltinOptions::ReducerOptions);
  const int in = r.activation(raw, 0, 4);
  auto axes = r.int_constant(raw, 1, "axes");
  for (auto& a : axes) {
    if (a < 0) a += 4;
  }
  std::sort(axes.begin(), axes.end());
  if (axes != std::vector<std::int32_t>{1, 2})
    r.op_error(raw, "only the mean over height and width (axes 1 and 2) is supported");
  const Shape is = r.shape_of(in);
  MeanHW p{o->keep_dims()};
  r.emit(raw, p, {in}, p.keep_dims ? Shape{is[0], 1, 1, is[3]} : Shape{is[0], is[3]});
}

}  // namespace fakecam::segment::tflite
