// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The sliding-window arithmetic CONV_2D, DEPTHWISE_CONV_2D and
// AVERAGE_POOL_2D share.

#include "segment/tflite/op_reader.hpp"

namespace fakecam::segment::tflite {

inline int conv_output_size(int in, int kernel, int stride, int dilation, Padding padding) {
  const int dilated = (kernel - 1) * dilation + 1;
  if (padding == Padding::same) return (in + stride - 1) / stride;
  if (in < dilated) return 0;
  return (in - dilated) / stride + 1;
}

// The options CONV_2D and DEPTHWISE_CONV_2D share (their option tables have
// the same fields).
template <typename Options, typename Params>
void read_window(const OpReader& r, const RawOp& raw, const Options& o, Params& p) {
  p.padding = r.padding_of(raw, o.padding());
  p.stride_h = o.stride_h();
  p.stride_w = o.stride_w();
  p.dilation_h = o.dilation_h_factor();
  p.dilation_w = o.dilation_w_factor();
  p.activation = r.activation_of(raw, o.fused_activation_function());
  r.check_positive(raw, "stride_h", p.stride_h);
  r.check_positive(raw, "stride_w", p.stride_w);
  r.check_positive(raw, "dilation_h", p.dilation_h);
  r.check_positive(raw, "dilation_w", p.dilation_w);
}

// NHWC output of a window op over input `is` with filter `fs` ([., KH, KW, .]).
template <typename Params>
Shape window_output_shape(const Shape& is, const Shape& fs, const Params& p, int channels) {
  return {is[0], conv_output_size(is[1], fs[1], p.stride_h, p.dilation_h, p.padding),
          conv_output_size(is[2], fs[2], p.stride_w, p.dilation_w, p.padding), channels};
}

}  // namespace fakecam::segment::tflite
