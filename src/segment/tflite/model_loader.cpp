// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/tflite/model_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/error.hpp"
#include "segment/tflite/op_reader.hpp"
#include "segment/tflite/ops/ops.hpp"

namespace fakecam::segment::tflite {

namespace {

using Code = schema::BuiltinOperator;

// The model's container, tensors and graph input/output; each operator goes
// to its reader in ops/.
class Loader : public OpReader {
 public:
  using OpReader::OpReader;

  Graph load() {
    check_container();
    const auto* model = schema::GetModel(bytes_.data());
    if (model->version() != 3) error("TFLite schema version {} is not supported (expected 3)", model->version());
    const auto* subgraphs = model->subgraphs();
    if (subgraphs == nullptr || subgraphs->size() == 0) error("the model has no subgraph");
    if (subgraphs->size() != 1)
      error("the model has {} subgraphs; only single-subgraph models are supported", subgraphs->size());
    model_ = model;
    subgraph_ = subgraphs->Get(0);
    if (model->buffers() == nullptr || model->buffers()->size() == 0) error("the model has no buffer table");
    load_tensors();
    load_inputs_outputs();
    load_operators();
    if (!info_of(graph_.output).available) {
      error("no operator produces the output tensor {}", describe(graph_.output));
    }
    return std::move(graph_);
  }

 private:
  void check_container() {
    if (bytes_.size() < 8) error("not a TFLite model (the file is only {} bytes)", bytes_.size());
    if (!flatbuffers::BufferHasIdentifier(bytes_.data(), schema::ModelIdentifier())) {
      error("not a TFLite model (no \"TFL3\" file identifier)");
    }
    if (bytes_.size() > kMaxFileBytes) error("model file is too large ({} bytes)", bytes_.size());
    flatbuffers::Verifier verifier(bytes_.data(), bytes_.size(), /*max_depth=*/64, /*max_tables=*/1'000'000);
    if (!schema::VerifyModelBuffer(verifier)) {
      error("corrupt or truncated TFLite model (flatbuffer verification failed)");
    }
  }

  void load_tensors() {
    const auto* tensors = subgraph_->tensors();
    if (tensors == nullptr || tensors->size() == 0) error("the subgraph has no tensors");
    const auto* buffers = model_->buffers();
    graph_.tensors.resize(tensors->size());
    infos_.resize(tensors->size());
    std::size_t total = 0;
    for (flatbuffers::uoffset_t i = 0; i < tensors->size(); ++i) {
      const auto* t = tensors->Get(i);
      Tensor& tensor = graph_.tensors[i];
      TensorInfo& info = infos_[i];
      tensor.name = t->name() != nullptr ? t->name()->str() : std::string();
      const int index = static_cast<int>(i);
      if (t->shape() == nullptr || t->shape()->size() == 0 || t->shape()->size() > 4) {
        error("tensor {} has rank {}; ranks 1 to 4 are supported", describe(index),
              t->shape() == nullptr ? 0 : t->shape()->size());
      }
      for (auto d : *t->shape()) {
        if (d < 1 || d > kMaxDim) error("tensor {} has dimension {} (must be 1..{})", describe(index), d, kMaxDim);
        tensor.shape.push_back(d);
      }
      const std::size_t count = element_count(tensor.shape);
      if (count > kMaxTensorElements) error("tensor {} is too large ({} elements)", describe(index), count);
      total += count;
      if (total > kMaxTotalElements) error("the model's tensors are too large in total");
      info.type = t->type();
      if (element_size(info.type) == 0) {
        error("tensor {} has type {}, which fakecam does not support (FLOAT32, FLOAT16 weights, INT32 shapes only)",
              describe(index), type_name(info.type));
      }
      if (t->quantization() != nullptr && t->quantization()->scale() != nullptr &&
          t->quantization()->scale()->size() > 0) {
        error("tensor {} is quantized; quantized models are not supported", describe(index));
      }
      if (t->sparsity() != nullptr) error("tensor {} is sparse; sparse tensors are not supported", describe(index));
      if (t->is_variable()) error("tensor {} is a variable; stateful models are not supported", describe(index));
      if (t->buffer() >= buffers->size()) {
        error("tensor {} refers to buffer {}, but the model has {} buffers", describe(index), t->buffer(),
              buffers->size());
      }
      locate_constant(index, *buffers->Get(t->buffer()), count);
    }
  }

  void locate_constant(int index, const schema::Buffer& buffer, std::size_t count) {
    TensorInfo& info = info_of(index);
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    if (buffer.data() != nullptr && buffer.data()->size() > 0) {
      data = buffer.data()->data();
      size = buffer.data()->size();
    } else if (buffer.offset() > 1) {
      // Large models keep constants after the flatbuffer, addressed by offset.
      if (buffer.size() > bytes_.size() || buffer.offset() > bytes_.size() - buffer.size()) {
        error("tensor {}: its data [{}, +{}) lies outside the {}-byte file", describe(index), buffer.offset(),
              buffer.size(), bytes_.size());
      }
      data = bytes_.data() + buffer.offset();
      size = static_cast<std::size_t>(buffer.size());
    }
    if (data == nullptr) return;
    const std::size_t expected = count * element_size(info.type);
    if (size != expected) {
      error("tensor {} of shape {} and type {} needs {} bytes, but its buffer holds {}", describe(index),
            shape_string(graph_.tensors[static_cast<std::size_t>(index)].shape), type_name(info.type), expected, size);
    }
    info.bytes = data;
    info.byte_count = size;
    info.available = true;
    if (info.type == schema::TensorType::FLOAT32) {
      auto& values = graph_.tensors[static_cast<std::size_t>(index)].data;
      values.resize(count);
      std::memcpy(values.data(), data, size);  // the file's bytes may be unaligned
      reject_non_finite(index, values);
    }
  }

  int tensor_index(std::int32_t raw, const char* what, int op) const {
    if (raw < 0 || static_cast<std::size_t>(raw) >= graph_.tensors.size()) {
      error("op {}: {} tensor index {} is out of range (the model has {} tensors)", op, what, raw,
            graph_.tensors.size());
    }
    return raw;
  }

  void load_inputs_outputs() {
    const auto* inputs = subgraph_->inputs();
    const auto* outputs = subgraph_->outputs();
    if (inputs == nullptr || inputs->size() != 1) error("the model must have exactly one input tensor");
    if (outputs == nullptr || outputs->size() != 1) error("the model must have exactly one output tensor");
    graph_.input = tensor_index(inputs->Get(0), "graph input", -1);
    graph_.output = tensor_index(outputs->Get(0), "graph output", -1);
    const Tensor& in = graph_.tensors[static_cast<std::size_t>(graph_.input)];
    const Tensor& out = graph_.tensors[static_cast<std::size_t>(graph_.output)];
    auto& in_info = info_of(graph_.input);
    if (in_info.type != schema::TensorType::FLOAT32 || in.shape.size() != 4 || in.shape[0] != 1 || in.shape[3] != 3 ||
        in_info.bytes != nullptr) {
      error("input tensor {} must be a float32 [1,H,W,3] image, not {} {}", describe(graph_.input),
            type_name(in_info.type), shape_string(in.shape));
    }
    const auto& out_info = info_of(graph_.output);
    if (out_info.type != schema::TensorType::FLOAT32 || out.shape.size() != 4 || out.shape[0] != 1 ||
        out.shape[3] != 1 || out_info.bytes != nullptr) {
      error("output tensor {} must be a float32 [1,H,W,1] mask, not {} {}", describe(graph_.output),
            type_name(out_info.type), shape_string(out.shape));
    }
    in_info.available = true;
  }

  void load_operators() {
    const auto* ops = subgraph_->operators();
    if (ops == nullptr || ops->size() == 0) error("the model has no operators");
    const auto* codes = model_->operator_codes();
    for (flatbuffers::uoffset_t k = 0; k < ops->size(); ++k) {
      const int index = static_cast<int>(k);
      const auto* op = ops->Get(k);
      if (codes == nullptr || op->opcode_index() >= codes->size()) {
        error("op {}: operator code index {} is out of range", index, op->opcode_index());
      }
      const auto* code = codes->Get(op->opcode_index());
      // TFLite keeps codes < 127 in the deprecated byte field for old readers.
      const int builtin = std::max<int>(code->deprecated_builtin_code(), static_cast<int>(code->builtin_code()));
      RawOp raw{index, op, builtin_op_name(builtin), {}, -1};
      if (builtin == static_cast<int>(Code::CUSTOM)) {
        raw.name = code->custom_code() != nullptr ? code->custom_code()->str() : std::string();
        if (raw.name != kTransposeConvBias) {
          error("unsupported custom operator '{}' at op index {}", raw.name, index);
        }
      }
      if (op->inputs() == nullptr || op->outputs() == nullptr || op->outputs()->size() != 1) {
        error("op {} ({}): must have inputs and exactly one output", index, raw.name);
      }
      for (auto in : *op->inputs()) {
        raw.inputs.push_back(in == -1 ? -1 : tensor_index(in, "input", index));
      }
      raw.output = tensor_index(op->outputs()->Get(0), "output", index);
      read_operator(static_cast<Code>(builtin), raw);
    }
  }

  void read_operator(Code code, const RawOp& raw) {
    switch (code) {
      case Code::DEQUANTIZE:
        return read_dequantize(*this, raw);
      case Code::CONV_2D:
        return read_conv_2d(*this, raw);
      case Code::DEPTHWISE_CONV_2D:
        return read_depthwise_conv_2d(*this, raw);
      case Code::CUSTOM:
        return read_transpose_conv_bias(*this, raw);
      case Code::AVERAGE_POOL_2D:
        return read_average_pool_2d(*this, raw);
      case Code::MEAN:
        return read_mean(*this, raw);
      case Code::ADD:
        return read_add(*this, raw);
      case Code::MUL:
        return read_mul(*this, raw);
      case Code::RESIZE_BILINEAR:
        return read_resize_bilinear(*this, raw);
      case Code::HARD_SWISH:
        return read_hard_swish(*this, raw);
      case Code::RELU:
        return read_relu(*this, raw);
      case Code::LOGISTIC:
        return read_logistic(*this, raw);
      default:
        error("unsupported operator {} at op index {}", raw.name, raw.index);
    }
  }

  const schema::Model* model_ = nullptr;
  const schema::SubGraph* subgraph_ = nullptr;
};

}  // namespace

Graph load_model(std::span<const std::uint8_t> bytes, const std::string& origin) {
  // Flatbuffer accessors read scalars in place: give them an aligned copy.
  if (reinterpret_cast<std::uintptr_t>(bytes.data()) % 16 != 0) {
    std::vector<std::uint8_t> aligned(bytes.begin(), bytes.end());
    return Loader(aligned, origin).load();
  }
  return Loader(bytes, origin).load();
}

Graph load_model_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail("{}: no such model file", path.string());
  if (std::filesystem::is_directory(path, ec)) fail("{}: is a directory, not a model file", path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("{}: cannot open model: {}", path.string(), errno_text(errno));
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) fail("{}: cannot read model: {}", path.string(), ec.message());
  if (size > kMaxFileBytes) fail("{}: model file is too large ({} bytes)", path.string(), size);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
    fail("{}: cannot read model: {}", path.string(), errno_text(errno));
  }
  return load_model(bytes, path.string());
}

std::string builtin_op_name(int code) {
  // The generated table covers the codes the schema names; "" for others.
  const char* name = code >= 0 ? schema::EnumNameBuiltinOperator(static_cast<schema::BuiltinOperator>(code)) : "";
  if (name != nullptr && *name != '\0') return name;
  return fmt::format("builtin code {}", code);
}

}  // namespace fakecam::segment::tflite
