// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/tflite/tflite_builder_for_tests.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace fakecam::segment::test {

namespace {
template <typename T>
std::vector<std::uint8_t> bytes_of(const std::vector<T>& values) {
  std::vector<std::uint8_t> bytes(values.size() * sizeof(T));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}
}  // namespace

TfliteBuilder::TfliteBuilder() {
  buffers_.push_back(schema::CreateBuffer(fbb_));  // buffer 0: empty, as TFLite writes it
}

std::uint32_t TfliteBuilder::buffer(const std::vector<std::uint8_t>& bytes) {
  fbb_.ForceVectorAlignment(bytes.size(), 1, 16);
  const auto data = fbb_.CreateVector(bytes);
  buffers_.push_back(schema::CreateBuffer(fbb_, data));
  return static_cast<std::uint32_t>(buffers_.size() - 1);
}

int TfliteBuilder::tensor_with_buffer(const Shape& shape, schema::TensorType type, std::uint32_t buffer) {
  const auto name = fbb_.CreateString("t" + std::to_string(tensors_.size()));
  tensors_.push_back(schema::CreateTensor(fbb_, fbb_.CreateVector(shape), type, buffer, name));
  return static_cast<int>(tensors_.size() - 1);
}

int TfliteBuilder::tensor(const Shape& shape, schema::TensorType type, const std::string& name) {
  const auto n = fbb_.CreateString(name.empty() ? "t" + std::to_string(tensors_.size()) : name);
  tensors_.push_back(schema::CreateTensor(fbb_, fbb_.CreateVector(shape), type, 0, n));
  return static_cast<int>(tensors_.size() - 1);
}

int TfliteBuilder::float_constant(const Shape& shape, const std::vector<float>& values) {
  return tensor_with_buffer(shape, schema::TensorType::FLOAT32, buffer(bytes_of(values)));
}

int TfliteBuilder::half_constant(const Shape& shape, const std::vector<std::uint16_t>& bits) {
  return tensor_with_buffer(shape, schema::TensorType::FLOAT16, buffer(bytes_of(bits)));
}

int TfliteBuilder::int32_constant(const Shape& shape, const std::vector<std::int32_t>& values) {
  return tensor_with_buffer(shape, schema::TensorType::INT32, buffer(bytes_of(values)));
}

std::uint32_t TfliteBuilder::builtin(Code code) {
  const int value = static_cast<int>(code);
  codes_.push_back(schema::CreateOperatorCode(fbb_, static_cast<std::int8_t>(std::min(value, 127)), 0, 1, code));
  return static_cast<std::uint32_t>(codes_.size() - 1);
}

std::uint32_t TfliteBuilder::builtin_deprecated_only(Code code) {
  codes_.push_back(schema::CreateOperatorCode(fbb_, static_cast<std::int8_t>(code), 0, 1, Code::ADD));
  return static_cast<std::uint32_t>(codes_.size() - 1);
}

std::uint32_t TfliteBuilder::builtin_int_only(Code code) {
  codes_.push_back(schema::CreateOperatorCode(fbb_, 0, 0, 1, code));
  return static_cast<std::uint32_t>(codes_.size() - 1);
}

std::uint32_t TfliteBuilder::custom(const std::string& name) {
  const auto n = fbb_.CreateString(name);
  codes_.push_back(schema::CreateOperatorCode(fbb_, static_cast<std::int8_t>(Code::CUSTOM), n, 1, Code::CUSTOM));
  return static_cast<std::uint32_t>(codes_.size() - 1);
}

void TfliteBuilder::op(std::uint32_t opcode, const std::vector<int>& inputs, const std::vector<int>& outputs,
                       schema::BuiltinOptions options_type, flatbuffers::Offset<void> options,
                       const std::vector<std::uint8_t>& custom_options) {
  const auto in = fbb_.CreateVector(inputs);
  const auto out = fbb_.CreateVector(outputs);
  const auto custom = custom_options.empty() ? 0 : fbb_.CreateVector(custom_options);
  ops_.push_back(schema::CreateOperator(fbb_, opcode, in, out, options_type, options, custom));
}

void TfliteBuilder::conv_2d(int in, int filter, int bias, int out, schema::Padding padding, int stride,
                            schema::ActivationFunctionType act) {
  const auto o = schema::CreateConv2DOptions(fbb_, padding, stride, stride, act).Union();
  op(builtin(Code::CONV_2D), {in, filter, bias}, {out}, schema::BuiltinOptions::Conv2DOptions, o);
}

void TfliteBuilder::depthwise_conv_2d(int in, int filter, int bias, int out, schema::Padding padding, int stride,
                                      int multiplier) {
  const auto o = schema::CreateDepthwiseConv2DOptions(fbb_, padding, stride, stride, multiplier).Union();
  op(builtin(Code::DEPTHWISE_CONV_2D), {in, filter, bias}, {out}, schema::BuiltinOptions::DepthwiseConv2DOptions, o);
}

void TfliteBuilder::transpose_conv_bias(int in, int filter, int bias, int out, std::int32_t padding,
                                        std::int32_t stride_w, std::int32_t stride_h) {
  op(custom("Convolution2DTransposeBias"), {in, filter, bias}, {out}, schema::BuiltinOptions::NONE, 0,
     bytes_of(std::vector<std::int32_t>{padding, stride_w, stride_h}));
}

void TfliteBuilder::average_pool_2d(int in, int out, schema::Padding padding, int filter_h, int filter_w, int stride) {
  const auto o = schema::CreatePool2DOptions(fbb_, padding, stride, stride, filter_w, filter_h).Union();
  op(builtin(Code::AVERAGE_POOL_2D), {in}, {out}, schema::BuiltinOptions::Pool2DOptions, o);
}

void TfliteBuilder::mean(int in, int axes, int out, bool keep_dims) {
  const auto o = schema::CreateReducerOptions(fbb_, keep_dims).Union();
  op(builtin(Code::MEAN), {in, axes}, {out}, schema::BuiltinOptions::ReducerOptions, o);
}

void TfliteBuilder::add(int a, int b, int out) {
  op(builtin(Code::ADD), {a, b}, {out}, schema::BuiltinOptions::AddOptions, schema::CreateAddOptions(fbb_).Union());
}

void TfliteBuilder::mul(int a, int b, int out) {
  op(builtin(Code::MUL), {a, b}, {out}, schema::BuiltinOptions::MulOptions, schema::CreateMulOptions(fbb_).Union());
}

void TfliteBuilder::resize_bilinear(int in, int size, int out, bool align_corners, bool half_pixel_centers) {
  const auto o = schema::CreateResizeBilinearOptions(fbb_, align_corners, half_pixel_centers).Union();
  op(builtin(Code::RESIZE_BILINEAR), {in, size}, {out}, schema::BuiltinOptions::ResizeBilinearOptions, o);
}

void TfliteBuilder::unary(Code code, int in, int out) { op(builtin(code), {in}, {out}); }

std::vector<std::uint8_t> TfliteBuilder::finish(int input, int output, std::uint32_t version) {
  const std::vector<int> inputs{input};
  const std::vector<int> outputs{output};
  const auto subgraph =
      schema::CreateSubGraph(fbb_, fbb_.CreateVector(tensors_), fbb_.CreateVector(inputs), fbb_.CreateVector(outputs),
                             fbb_.CreateVector(ops_), fbb_.CreateString("main"));
  const std::vector<flatbuffers::Offset<schema::SubGraph>> subgraphs{subgraph};
  const auto model = schema::CreateModel(fbb_, version, fbb_.CreateVector(codes_), fbb_.CreateVector(subgraphs),
                                         fbb_.CreateString("fakecam test model"), fbb_.CreateVector(buffers_));
  schema::FinishModelBuffer(fbb_, model);
  return {fbb_.GetBufferPointer(), fbb_.GetBufferPointer() + fbb_.GetSize()};
}

std::uint16_t half_bits(float value) {
  // Exact for normal halves: sign, rebiased exponent, top 10 mantissa bits.
  const auto bits = std::bit_cast<std::uint32_t>(value);
  const std::uint32_t sign = (bits >> 16) & 0x8000u;
  if ((bits & 0x7fffffffu) == 0) return static_cast<std::uint16_t>(sign);
  const int exponent = static_cast<int>((bits >> 23) & 0xff) - 127 + 15;
  const std::uint32_t mantissa = (bits >> 13) & 0x3ffu;
  return static_cast<std::uint16_t>(sign | (static_cast<std::uint32_t>(exponent) << 10) | mantissa);
}

std::vector<std::uint8_t> every_op_model() {
  using schema::Padding;
  TfliteBuilder b;
  const int input = b.tensor({1, 4, 4, 3}, schema::TensorType::FLOAT32, "input");
  // CONV_2D 3 -> 4 with FLOAT16 weights dequantized at load time.
  std::vector<std::uint16_t> conv_w;
  for (int i = 0; i < 4 * 3 * 3 * 3; ++i) conv_w.push_back(half_bits(static_cast<float>(i % 7 - 3) * 0.125f));
  const int conv_w16 = b.half_constant({4, 3, 3, 3}, conv_w);
  const int conv_w32 = b.tensor({4, 3, 3, 3});
  b.unary(Code::DEQUANTIZE, conv_w16, conv_w32);
  const int conv_b = b.float_constant({4}, {0.1f, -0.2f, 0.3f, 0});
  const int conv = b.tensor({1, 4, 4, 4});
  b.conv_2d(input, conv_w32, conv_b, conv, Padding::SAME, 1, schema::ActivationFunctionType::RELU6);
  const int hswish = b.tensor({1, 4, 4, 4});
  b.unary(Code::HARD_SWISH, conv, hswish);
  // DEPTHWISE_CONV_2D, stride 2: [1,2,2,4].
  std::vector<float> dw_w(3 * 3 * 4);
  for (std::size_t i = 0; i < dw_w.size(); ++i) dw_w[i] = static_cast<float>(i % 5) * 0.1f;
  const int dw = b.tensor({1, 2, 2, 4});
  b.depthwise_conv_2d(hswish, b.float_constant({1, 3, 3, 4}, dw_w), b.float_constant({4}, {0, 0, 0, 0}), dw,
                      Padding::SAME, 2, 1);
  // Squeeze-excite, both flavours: global AVERAGE_POOL_2D and MEAN.
  const int pooled = b.tensor({1, 1, 1, 4});
  b.average_pool_2d(dw, pooled, Padding::VALID, 2, 2, 1);
  const int excited = b.tensor({1, 1, 1, 4});
  b.unary(Code::LOGISTIC, pooled, excited);
  const int scaled = b.tensor({1, 2, 2, 4});
  b.mul(dw, excited, scaled);
  const int mean = b.tensor({1, 1, 1, 4});
  b.mean(scaled, b.int32_constant({2}, {1, 2}), mean, true);
  const int sum = b.tensor({1, 2, 2, 4});
  b.add(scaled, mean, sum);
  const int relu = b.tensor({1, 2, 2, 4});
  b.unary(Code::RELU, sum, relu);
  // Decoder: transposed convolution x2 then bilinear x2.
  std::vector<float> tw(2 * 2 * 2 * 4);
  for (std::size_t i = 0; i < tw.size(); ++i) tw[i] = static_cast<float>(i % 3) - 1.0f;
  const int up = b.tensor({1, 4, 4, 2});
  b.transpose_conv_bias(relu, b.float_constant({2, 2, 2, 4}, tw), b.float_constant({2}, {0.5f, -0.5f}), up, 1, 2, 2);
  const int resized = b.tensor({1, 8, 8, 2});
  b.resize_bilinear(up, b.int32_constant({2}, {8, 8}), resized, false, true);
  const int logits = b.tensor({1, 8, 8, 1});
  b.conv_2d(resized, b.float_constant({1, 1, 1, 2}, {1, -1}), b.float_constant({1}, {0}), logits, Padding::VALID, 1);
  const int output = b.tensor({1, 8, 8, 1}, schema::TensorType::FLOAT32, "output");
  b.unary(Code::LOGISTIC, logits, output);
  return b.finish(input, output);
}

std::vector<std::uint8_t> minimal_model() {
  TfliteBuilder b;
  const int input = b.tensor({1, 2, 2, 3});
  const int logits = b.tensor({1, 2, 2, 1});
  b.conv_2d(input, b.float_constant({1, 1, 1, 3}, {1, 2, 3}), b.float_constant({1}, {-1}), logits,
            schema::Padding::VALID, 1);
  const int output = b.tensor({1, 2, 2, 1});
  b.unary(Code::LOGISTIC, logits, output);
  return b.finish(input, output);
}

}  // namespace fakecam::segment::test
