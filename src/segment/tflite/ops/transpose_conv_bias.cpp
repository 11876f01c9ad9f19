// SPDX-License-Identifier: GPL-3.0-or-later
// MediaPipe's custom Convolution2DTransposeBias: filter [O,KH,KW,I], bias
// [O], its parameters in custom_options rather than a builtin options table.

#include <cstring>

#include "segment/tflite/ops/ops.hpp"

namespace fakecam::segment::tflite {

void read_transpose_conv_bias(OpReader& r, const RawOp& raw) {
  r.expect_input_count(raw, 3, 3);
  // custom_options: three little-endian int32: padding (1 = SAME, 2 = VALID
  // as in TfLitePadding), stride_width, stride_height.
  const auto* custom = raw.op->custom_options();
  if (custom == nullptr || custom->size() != 12) {
    r.op_error(raw, "custom options must be 12 bytes (padding, stride_w, stride_h), found {}",
               custom == nullptr ? 0 : custom->size());
  }
  std::int32_t fields[3];
  std::memcpy(fields, custom->data(), sizeof fields);
  TransposeConvBias p;
  if (fields[0] == 1) {
    p.padding = Padding::same;
  } else if (fields[0] == 2) {
    p.padding = Padding::valid;
  } else {
    r.op_error(raw, "padding code {} is not supported", fields[0]);
  }
  p.stride_w = fields[1];
  p.stride_h = fields[2];
  r.check_positive(raw, "stride_w", p.stride_w);
  r.check_positive(raw, "stride_h", p.stride_h);
  const int in = r.activation(raw, 0, 4);
  const int filter = r.weights(raw, 1, "filter");
  const Shape is = r.shape_of(in);
  const Shape fs = r.shape_of(filter);
  if (fs.size() != 4 || fs[3] != is[3]) {
    r.op_error(raw, "filter {} has shape {}; expected [O,KH,KW,{}]", r.describe(filter), shape_string(fs), is[3]);
  }
  const int b = r.bias(raw, 2, fs[0]);
  auto out_size = [&](int size, int kernel, int stride) {
    const long long v = p.padding == Padding::same ? static_cast<long long>(size) * stride
                                                   : static_cast<long long>(size - 1) * stride + kernel;
    return v > kMaxDim ? kMaxDim + 1 : static_cast<int>(v);
  };
  r.emit(raw, p, {in, filter, b},
         {is[0], out_size(is[1], fs[1], p.stride_h), out_size(is[2], fs[2], p.stride_w), fs[0]});
}

}  // namespace fakecam::segment::tflite
