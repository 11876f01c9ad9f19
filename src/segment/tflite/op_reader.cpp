// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/tflite/op_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace fakecam::segment::tflite {

std::size_t element_size(schema::TensorType type) {
  switch (type) {
    case schema::TensorType::FLOAT32:
    case schema::TensorType::INT32:
      return 4;
    case schema::TensorType::FLOAT16:
      return 2;
    default:
      return 0;
  }
}

std::string type_name(schema::TensorType type) {
  const auto raw = static_cast<int>(type);
  if (raw >= 0 && raw <= static_cast<int>(schema::TensorType::MAX)) return schema::EnumNameTensorType(type);
  return fmt::format("type code {}", raw);
}

std::string OpReader::describe(int tensor) const {
  return fmt::format("{} '{}'", tensor, graph_.tensors[static_cast<std::size_t>(tensor)].name);
}

void OpReader::reject_non_finite(int index, const std::vector<float>& values) const {
  const auto bad = std::find_if(values.begin(), values.end(), [](float v) { return !std::isfinite(v); });
  if (bad != values.end()) error("tensor {} holds a non-finite constant ({})", describe(index), *bad);
}

void OpReader::expect_input_count(const RawOp& raw, std::size_t min, std::size_t max) const {
  if (raw.inputs.size() < min || raw.inputs.size() > max) {
    op_error(raw, "has {} inputs, expected {}", raw.inputs.size(),
             min == max ? fmt::format("{}", min) : fmt::format("{} to {}", min, max));
  }
}

int OpReader::activation(const RawOp& raw, std::size_t slot, std::size_t rank) const {
  const int t = raw.inputs[slot];
  if (t < 0) op_error(raw, "input {} is missing", slot);
  const auto& info = info_of(t);
  if (info.type != schema::TensorType::FLOAT32)
    op_error(raw, "input {} is {}, expected FLOAT32", describe(t), type_name(info.type));
  if (!info.available) op_error(raw, "reads tensor {} before any operator produced it", describe(t));
  if (rank != 0 && shape_of(t).size() != rank)
    op_error(raw, "input {} has shape {}, expected rank {}", describe(t), shape_string(shape_of(t)), rank);
  return t;
}

int OpReader::weights(const RawOp& raw, std::size_t slot, const char* what) const {
  const int t = raw.inputs[slot];
  if (t < 0) op_error(raw, "{} is missing", what);
  if (graph_.tensors[static_cast<std::size_t>(t)].data.empty()) {
    op_error(raw, "{} tensor {} must be a float32 constant", what, describe(t));
  }
  return t;
}

int OpReader::bias(const RawOp& raw, std::size_t slot, int channels) {
  if (slot >= raw.inputs.size() || raw.inputs[slot] < 0) {
    Tensor zeros{fmt::format("{}_zero_bias", raw.index),
                 {channels},
                 std::vector<float>(static_cast<std::size_t>(channels), 0.0f)};
    graph_.tensors.push_back(std::move(zeros));
    infos_.push_back(TensorInfo{schema::TensorType::FLOAT32, nullptr, 0, true});
    return static_cast<int>(graph_.tensors.size()) - 1;
  }
  const int b = weights(raw, slot, "bias");
  if (shape_of(b) != Shape{channels})
    op_error(raw, "bias {} has shape {}, expected [{}]", describe(b), shape_string(shape_of(b)), channels);
  return b;
}

std::vector<std::int32_t> OpReader::int_constant(const RawOp& raw, std::size_t slot, const char* what) const {
  if (slot >= raw.inputs.size() || raw.inputs[slot] < 0) op_error(raw, "{} is missing", what);
  const int t = raw.inputs[slot];
  const auto& info = info_of(t);
  if (info.type != schema::TensorType::INT32 || info.bytes == nullptr || shape_of(t).size() != 1) {
    op_error(raw, "{} tensor {} must be a constant INT32 vector", what, describe(t));
  }
  std::vector<std::int32_t> values(info.byte_count / sizeof(std::int32_t));
  std::memcpy(values.data(), info.bytes, values.size() * sizeof(std::int32_t));
  return values;
}

Activation OpReader::activation_of(const RawOp& raw, schema::ActivationFunctionType type) const {
  switch (type) {
    case schema::ActivationFunctionType::NONE:
      return Activation::none;
    case schema::ActivationFunctionType::RELU:
      return Activation::relu;
    case schema::ActivationFunctionType::RELU_N1_TO_1:
      return Activation::relu_n1_to_1;
    case schema::ActivationFunctionType::RELU6:
      return Activation::relu6;
    default:
      op_error(raw, "fused activation {} is not supported", static_cast<int>(type));
  }
}

Padding OpReader::padding_of(const RawOp& raw, schema::Padding padding) const {
  switch (padding) {
    case schema::Padding::SAME:
      return Padding::same;
    case schema::Padding::VALID:
      return Padding::valid;
    default:
      op_error(raw, "padding {} is not supported", static_cast<int>(padding));
  }
}

void OpReader::check_positive(const RawOp& raw, const char* what, int value) const {
  if (value < 1 || value > kMaxDim) op_error(raw, "{} is {} (must be 1..{})", what, value, kMaxDim);
}

void OpReader::emit(const RawOp& raw, OpParams params, std::vector<int> inputs, const Shape& expected) {
  auto& info = info_of(raw.output);
  if (info.type != schema::TensorType::FLOAT32)
    op_error(raw, "output {} is {}, expected FLOAT32", describe(raw.output), type_name(info.type));
  if (info.available)
    op_error(raw, "output tensor {} is already defined (constant, graph input or earlier output)",
             describe(raw.output));
  for (int d : expected) {
    if (d < 1) op_error(raw, "the output would be empty (input too small for the filter)");
  }
  if (shape_of(raw.output) != expected) {
    op_error(raw, "output {} has shape {}, but the inputs give {}", describe(raw.output),
             shape_string(shape_of(raw.output)), shape_string(expected));
  }
  info.available = true;
  graph_.ops.push_back(Op{std::move(params), std::move(inputs), raw.output, raw.index});
}

}  // namespace fakecam::segment::tflite
