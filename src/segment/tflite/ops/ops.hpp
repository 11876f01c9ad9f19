// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One reader per TFLite operator: checks the operator's inputs, options and
// output shape, and appends the Graph op (or, for DEQUANTIZE, folds the
// constant). Shared pieces live in op_reader.hpp and window.hpp.

#include "segment/tflite/op_reader.hpp"

namespace fakecam::segment::tflite {

void read_dequantize(OpReader& r, const RawOp& raw);
void read_conv_2d(OpReader& r, const RawOp& raw);
void read_depthwise_conv_2d(OpReader& r, const RawOp& raw);
void read_transpose_conv_bias(OpReader& r, const RawOp& raw);
void read_average_pool_2d(OpReader& r, const RawOp& raw);
void read_mean(OpReader& r, const RawOp& raw);
void read_add(OpReader& r, const RawOp& raw);
void read_mul(OpReader& r, const RawOp& raw);
void read_resize_bilinear(OpReader& r, const RawOp& raw);
void read_hard_swish(OpReader& r, const RawOp& raw);
void read_relu(OpReader& r, const RawOp& raw);
void read_logistic(OpReader& r, const RawOp& raw);

// The custom operator fakecam runs (MediaPipe's transposed convolution).
inline constexpr const char* kTransposeConvBias = "Convolution2DTransposeBias";

// Element-wise ops on one input, output shaped like it.
void read_unary(OpReader& r, const RawOp& raw, OpParams params);
// NumPy broadcasting of two shapes, aligned at the innermost dimension.
Shape broadcast_shape(const OpReader& r, const RawOp& raw, const Shape& a, const Shape& b);

}  // namespace fakecam::segment::tflite
