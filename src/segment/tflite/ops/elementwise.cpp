// SPDX-License-Identifier: GPL-3.0-or-later
// What the element-wise readers share: one-input ops and broadcasting.

#include <algorithm>

#include "segment/tflite/ops/ops.hpp"

namespace fakecam::segment::tflite {

void read_unary(OpReader& r, const RawOp& raw, OpParams params) {
  r.expect_input_count(raw, 1, 1);
  const int in = r.activation(raw, 0, 0);
  r.emit(raw, params, {in}, r.shape_of(in));
}

Shape broadcast_shape(const OpReader& r, const RawOp& raw, const Shape& a, const Shape& b) {
  Shape out(std::max(a.size(), b.size()), 1);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int da = i < a.size() ? a[a.size() - 1 - i] : 1;
    const int db = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (da != db && da != 1 && db != 1)
      r.op_error(raw, "shapes {} and {} do not broadcast", shape_string(a), shape_string(b));
    out[out.size() - 1 - i] = std::max(da, db);
  }
  return out;
}

}  // namespace fakecam::segment::tflite
