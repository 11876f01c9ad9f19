// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Writes small .tflite flatbuffers with the flatc-generated builder API of
// fakecam's schema subset, for the loader tests and the fuzzer's seed corpus.
// Valid models, and models broken in one chosen way, are both easy to make:
// nothing here validates.

#include <cstdint>
#include <string>
#include <vector>

#include <flatbuffers/flatbuffers.h>

#include "segment/graph.hpp"
#include "tflite_subset_generated.h"

namespace fakecam::segment::test {

namespace schema = fakecam::tflite;

// TFLite's builtin operator codes, from the schema.
using Code = schema::BuiltinOperator;

class TfliteBuilder {
 public:
  TfliteBuilder();

  flatbuffers::FlatBufferBuilder& fbb() { return fbb_; }

  // A buffer holding `bytes`; returns its index (0 is TFLite's empty buffer).
  std::uint32_t buffer(const std::vector<std::uint8_t>& bytes);

  // A tensor without data (input or activation).
  int tensor(const Shape& shape, schema::TensorType type = schema::TensorType::FLOAT32, const std::string& name = {});
  int float_constant(const Shape& shape, const std::vector<float>& values);
  int half_constant(const Shape& shape, const std::vector<std::uint16_t>& bits);
  int int32_constant(const Shape& shape, const std::vector<std::int32_t>& values);
  // A tensor of any type pointing at an existing buffer.
  int tensor_with_buffer(const Shape& shape, schema::TensorType type, std::uint32_t buffer);

  // An operator code: builtin code as in new files (both fields set the way
  // TFLite's writer does: the byte field holds min(code, 127)).
  std::uint32_t builtin(Code code);
  // Old files: only the deprecated byte field.
  std::uint32_t builtin_deprecated_only(Code code);
  // New files read by old writers: only the int field.
  std::uint32_t builtin_int_only(Code code);
  std::uint32_t custom(const std::string& name);

  void op(std::uint32_t opcode, const std::vector<int>& inputs, const std::vector<int>& outputs,
          schema::BuiltinOptions options_type = schema::BuiltinOptions::NONE, flatbuffers::Offset<void> options = 0,
          const std::vector<std::uint8_t>& custom_options = {});

  // Common ops with their options.
  void conv_2d(int in, int filter, int bias, int out, schema::Padding padding, int stride,
               schema::ActivationFunctionType act = schema::ActivationFunctionType::NONE);
  void depthwise_conv_2d(int in, int filter, int bias, int out, schema::Padding padding, int stride, int multiplier);
  // custom_options: padding (1 SAME, 2 VALID), stride_w, stride_h as int32.
  void transpose_conv_bias(int in, int filter, int bias, int out, std::int32_t padding, std::int32_t stride_w,
                           std::int32_t stride_h);
  void average_pool_2d(int in, int out, schema::Padding padding, int filter_h, int filter_w, int stride);
  void mean(int in, int axes, int out, bool keep_dims);
  void add(int a, int b, int out);
  void mul(int a, int b, int out);
  void resize_bilinear(int in, int size, int out, bool align_corners, bool half_pixel_centers);
  void unary(Code code, int in, int out);  // HARD_SWISH, RELU, LOGISTIC, DEQUANTIZE

  std::vector<std::uint8_t> finish(int input, int output, std::uint32_t version = 3);

 private:
  flatbuffers::FlatBufferBuilder fbb_;
  std::vector<flatbuffers::Offset<schema::Buffer>> buffers_;
  std::vector<flatbuffers::Offset<schema::Tensor>> tensors_;
  std::vector<flatbuffers::Offset<schema::OperatorCode>> codes_;
  std::vector<flatbuffers::Offset<schema::Operator>> ops_;
};

// IEEE half-precision bits for simple values (exact for the ones used).
std::uint16_t half_bits(float value);

// A valid model using every operator fakecam supports (FLOAT16 weights through
// DEQUANTIZE included): input [1,4,4,3] -> output [1,8,8,1].
std::vector<std::uint8_t> every_op_model();
// The smallest valid model: [1,2,2,3] -> 1x1 CONV_2D -> LOGISTIC -> [1,2,2,1].
std::vector<std::uint8_t> minimal_model();

}  // namespace fakecam::segment::test
