// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every operator's reader shares while a TFLite model becomes a Graph:
// the Graph being built, what is known about each tensor, the checks an
// operator's inputs and output must pass, and errors that name the file,
// the op index and the operator.
//
// model_loader.cpp reads the container, tensors and graph input/output and
// hands each operator to its reader in ops/ (one file per TFLite operator).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"
#include "segment/graph.hpp"
#include "tflite_subset_generated.h"

namespace fakecam::segment::tflite {

namespace schema = fakecam::tflite;

// Limits that keep a hostile file from making fakecam allocate or compute
// absurd amounts. The selfie models are far below them.
inline constexpr int kMaxDim = 1 << 14;
inline constexpr std::size_t kMaxTensorElements = std::size_t{1} << 24;
inline constexpr std::size_t kMaxTotalElements = std::size_t{1} << 27;
inline constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;

// Bytes per element of the tensor types fakecam reads; 0 for the others.
std::size_t element_size(schema::TensorType type);
std::string type_name(schema::TensorType type);

struct TensorInfo {
  schema::TensorType type = schema::TensorType::FLOAT32;
  const std::uint8_t* bytes = nullptr;  // constant data in the file, if any
  std::size_t byte_count = 0;
  bool available = false;  // graph input, constant, or produced by an earlier op
};

// One operator of the file, its tensor indices checked against the table.
struct RawOp {
  int index;
  const schema::Operator* op;
  std::string name;
  std::vector<int> inputs;  // -1 = optional input omitted
  int output;
};

class OpReader {
 public:
  OpReader(std::span<const std::uint8_t> bytes, const std::string& origin) : bytes_(bytes), origin_(origin) {}

  template <typename... Args>
  [[noreturn]] void error(fmt::format_string<Args...> format, Args&&... args) const {
    fail("{}: {}", origin_, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  [[noreturn]] void op_error(const RawOp& raw, fmt::format_string<Args...> format, Args&&... args) const {
    error("op {} ({}): {}", raw.index, raw.name, fmt::format(format, std::forward<Args>(args)...));
  }

  // "3 'name'" for messages.
  std::string describe(int tensor) const;
  const Shape& shape_of(int tensor) const { return graph_.tensors[static_cast<std::size_t>(tensor)].shape; }
  const TensorInfo& info_of(int tensor) const { return infos_[static_cast<std::size_t>(tensor)]; }
  TensorInfo& info_of(int tensor) { return infos_[static_cast<std::size_t>(tensor)]; }
  Graph& graph() { return graph_; }

  void expect_input_count(const RawOp& raw, std::size_t min, std::size_t max) const;
  // A run-time float tensor that an earlier op (or the graph input) produced;
  // rank 0 = any rank.
  int activation(const RawOp& raw, std::size_t slot, std::size_t rank) const;
  // A float32 constant (weights), after DEQUANTIZE folding.
  int weights(const RawOp& raw, std::size_t slot, const char* what) const;
  // Bias: a float constant [channels], or omitted (-1) in which case zeros.
  int bias(const RawOp& raw, std::size_t slot, int channels);
  std::vector<std::int32_t> int_constant(const RawOp& raw, std::size_t slot, const char* what) const;
  void reject_non_finite(int index, const std::vector<float>& values) const;

  Activation activation_of(const RawOp& raw, schema::ActivationFunctionType type) const;
  Padding padding_of(const RawOp& raw, schema::Padding padding) const;
  void check_positive(const RawOp& raw, const char* what, int value) const;

  template <typename Options>
  const Options* options(const RawOp& raw, schema::BuiltinOptions type) const {
    if (raw.op->builtin_options_type() != type || raw.op->builtin_options() == nullptr) {
      op_error(raw, "its builtin options are missing or of the wrong kind");
    }
    return static_cast<const Options*>(raw.op->builtin_options());
  }

  // Checks the op's output against `expected` and appends the op to the graph.
  void emit(const RawOp& raw, OpParams params, std::vector<int> inputs, const Shape& expected);

 protected:
  std::span<const std::uint8_t> bytes_;
  const std::string& origin_;
  Graph graph_;
  std::vector<TensorInfo> infos_;
};

}  // namespace fakecam::segment::tflite
