#include "segment/tflite/model_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>

#include <opencv2/core.hpp>

#include "common/error.hpp"
#include "tflite_subset_generated.h"

namespace fakecam::segment::tflite {

namespace schema = fakecam::tflite;

namespace {

// Builtin operator codes fakecam reads (TFLite's BuiltinOperator values).
enum BuiltinCode : int {
  kAdd = 0,
  kAveragePool2D = 1,
  kConv2D = 3,
  kDepthwiseConv2D = 4,
  kDequantize = 6,
  kLogistic = 14,
  kMul = 18,
  kRelu = 19,
  kResizeBilinear = 23,
  kCustom = 32,
  kMean = 40,
  kHardSwish = 117,
};

constexpr const char* kTransposeConvBias = "Convolution2DTransposeBias";

// Limits that keep a hostile file from making fakecam allocate or compute
// absurd amounts. The selfie models are far below them.
constexpr int kMaxDim = 1 << 14;
constexpr std::size_t kMaxTensorElements = std::size_t{1} << 24;
constexpr std::size_t kMaxTotalElements = std::size_t{1} << 27;
constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;

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

int conv_output_size(int in, int kernel, int stride, int dilation, Padding padding) {
  const int dilated = (kernel - 1) * dilation + 1;
  if (padding == Padding::same) return (in + stride - 1) / stride;
  if (in < dilated) return 0;
  return (in - dilated) / stride + 1;
}

struct TensorInfo {
  schema::TensorType type = schema::TensorType::FLOAT32;
  const std::uint8_t* bytes = nullptr;  // constant data in the file, if any
  std::size_t byte_count = 0;
  bool available = false;  // graph input, constant, or produced by an earlier op
};

class Loader {
 public:
  Loader(std::span<const std::uint8_t> bytes, const std::string& origin) : bytes_(bytes), origin_(origin) {}

  Graph load() {
    check_container();
    const auto* model = schema::GetModel(bytes_.data());
    if (model->version() != 3) error("TFLite schema version {} is not supported (expected 3)", model->version());
    const auto* subgraphs = model->subgraphs();
    if (subgraphs == nullptr || subgraphs->size() == 0) error("the model has no subgraph");
    if (subgraphs->size() != 1) error("the model has {} subgraphs; only single-subgraph models are supported", subgraphs->size());
    model_ = model;
    subgraph_ = subgraphs->Get(0);
    if (model->buffers() == nullptr || model->buffers()->size() == 0) error("the model has no buffer table");
    load_tensors();
    load_inputs_outputs();
    load_operators();
    if (!infos_[static_cast<std::size_t>(graph_.output)].available) {
      error("no operator produces the output tensor {}", describe(graph_.output));
    }
    return std::move(graph_);
  }

 private:
  template <typename... Args>
  [[noreturn]] void error(fmt::format_string<Args...> format, Args&&... args) const {
    fail("{}: {}", origin_, fmt::format(format, std::forward<Args>(args)...));
  }

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

  std::string describe(int tensor) const {
    return fmt::format("{} '{}'", tensor, graph_.tensors[static_cast<std::size_t>(tensor)].name);
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
      if (t->quantization() != nullptr && t->quantization()->scale() != nullptr && t->quantization()->scale()->size() > 0) {
        error("tensor {} is quantized; quantized models are not supported", describe(index));
      }
      if (t->sparsity() != nullptr) error("tensor {} is sparse; sparse tensors are not supported", describe(index));
      if (t->is_variable()) error("tensor {} is a variable; stateful models are not supported", describe(index));
      if (t->buffer() >= buffers->size()) {
        error("tensor {} refers to buffer {}, but the model has {} buffers", describe(index), t->buffer(), buffers->size());
      }
      locate_constant(index, *buffers->Get(t->buffer()), count);
    }
  }

  void locate_constant(int index, const schema::Buffer& buffer, std::size_t count) {
    TensorInfo& info = infos_[static_cast<std::size_t>(index)];
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

  void reject_non_finite(int index, const std::vector<float>& values) const {
    const auto bad = std::find_if(values.begin(), values.end(), [](float v) { return !std::isfinite(v); });
    if (bad != values.end()) error("tensor {} holds a non-finite constant ({})", describe(index), *bad);
  }

  int tensor_index(std::int32_t raw, const char* what, int op) const {
    if (raw < 0 || static_cast<std::size_t>(raw) >= graph_.tensors.size()) {
      error("op {}: {} tensor index {} is out of range (the model has {} tensors)", op, what, raw, graph_.tensors.size());
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
    auto& in_info = infos_[static_cast<std::size_t>(graph_.input)];
    if (in_info.type != schema::TensorType::FLOAT32 || in.shape.size() != 4 || in.shape[0] != 1 || in.shape[3] != 3 ||
        in_info.bytes != nullptr) {
      error("input tensor {} must be a float32 [1,H,W,3] image, not {} {}", describe(graph_.input),
            type_name(in_info.type), shape_string(in.shape));
    }
    const auto& out_info = infos_[static_cast<std::size_t>(graph_.output)];
    if (out_info.type != schema::TensorType::FLOAT32 || out.shape.size() != 4 || out.shape[0] != 1 ||
        out.shape[3] != 1 || out_info.bytes != nullptr) {
      error("output tensor {} must be a float32 [1,H,W,1] mask, not {} {}", describe(graph_.output),
            type_name(out_info.type), shape_string(out.shape));
    }
    in_info.available = true;
  }

  // ---- operators -------------------------------------------------------

  struct RawOp {
    int index;
    const schema::Operator* op;
    std::string name;
    std::vector<int> inputs;  // -1 = optional input omitted
    int output;
  };

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
      const int builtin = std::max<int>(code->deprecated_builtin_code(), code->builtin_code());
      RawOp raw{index, op, builtin_op_name(builtin), {}, -1};
      if (builtin == kCustom) {
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
      switch (builtin) {
        case kDequantize: dequantize(raw); break;
        case kConv2D: conv_2d(raw); break;
        case kDepthwiseConv2D: depthwise_conv_2d(raw); break;
        case kCustom: transpose_conv_bias(raw); break;
        case kAveragePool2D: average_pool_2d(raw); break;
        case kMean: mean(raw); break;
        case kAdd: binary(raw, true); break;
        case kMul: binary(raw, false); break;
        case kResizeBilinear: resize_bilinear(raw); break;
        case kHardSwish: unary(raw, HardSwish{}); break;
        case kRelu: unary(raw, Relu{}); break;
        case kLogistic: unary(raw, Logistic{}); break;
        default: error("unsupported operator {} at op index {}", raw.name, index);
      }
    }
  }

  template <typename... Args>
  [[noreturn]] void op_error(const RawOp& raw, fmt::format_string<Args...> format, Args&&... args) const {
    error("op {} ({}): {}", raw.index, raw.name, fmt::format(format, std::forward<Args>(args)...));
  }

  const Shape& shape_of(int tensor) const { return graph_.tensors[static_cast<std::size_t>(tensor)].shape; }
  const TensorInfo& info_of(int tensor) const { return infos_[static_cast<std::size_t>(tensor)]; }

  void expect_input_count(const RawOp& raw, std::size_t min, std::size_t max) const {
    if (raw.inputs.size() < min || raw.inputs.size() > max) {
      op_error(raw, "has {} inputs, expected {}", raw.inputs.size(), min == max ? fmt::format("{}", min) : fmt::format("{} to {}", min, max));
    }
  }

  // A run-time float tensor that an earlier op (or the graph input) produced.
  int activation(const RawOp& raw, std::size_t slot, std::size_t rank) const {
    const int t = raw.inputs[slot];
    if (t < 0) op_error(raw, "input {} is missing", slot);
    const auto& info = info_of(t);
    if (info.type != schema::TensorType::FLOAT32) op_error(raw, "input {} is {}, expected FLOAT32", describe(t), type_name(info.type));
    if (!info.available) op_error(raw, "reads tensor {} before any operator produced it", describe(t));
    if (rank != 0 && shape_of(t).size() != rank) op_error(raw, "input {} has shape {}, expected rank {}", describe(t), shape_string(shape_of(t)), rank);
    return t;
  }

  // A float32 constant (weights), after DEQUANTIZE folding.
  int weights(const RawOp& raw, std::size_t slot, const char* what) const {
    const int t = raw.inputs[slot];
    if (t < 0) op_error(raw, "{} is missing", what);
    if (graph_.tensors[static_cast<std::size_t>(t)].data.empty()) {
      op_error(raw, "{} tensor {} must be a float32 constant", what, describe(t));
    }
    return t;
  }

  std::vector<std::int32_t> int_constant(const RawOp& raw, std::size_t slot, const char* what) const {
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

  void emit(RawOp& raw, OpParams params, std::vector<int> inputs, const Shape& expected) {
    auto& info = infos_[static_cast<std::size_t>(raw.output)];
    if (info.type != schema::TensorType::FLOAT32) op_error(raw, "output {} is {}, expected FLOAT32", describe(raw.output), type_name(info.type));
    if (info.available) op_error(raw, "output tensor {} is already defined (constant, graph input or earlier output)", describe(raw.output));
    for (int d : expected) {
      if (d < 1) op_error(raw, "the output would be empty (input too small for the filter)");
    }
    if (shape_of(raw.output) != expected) {
      op_error(raw, "output {} has shape {}, but the inputs give {}", describe(raw.output), shape_string(shape_of(raw.output)),
               shape_string(expected));
    }
    info.available = true;
    graph_.ops.push_back(Op{std::move(params), std::move(inputs), raw.output, raw.index});
  }

  Activation activation_of(const RawOp& raw, schema::ActivationFunctionType type) const {
    switch (type) {
      case schema::ActivationFunctionType::NONE: return Activation::none;
      case schema::ActivationFunctionType::RELU: return Activation::relu;
      case schema::ActivationFunctionType::RELU_N1_TO_1: return Activation::relu_n1_to_1;
      case schema::ActivationFunctionType::RELU6: return Activation::relu6;
      default: op_error(raw, "fused activation {} is not supported", static_cast<int>(type));
    }
  }

  Padding padding_of(const RawOp& raw, schema::Padding padding) const {
    switch (padding) {
      case schema::Padding::SAME: return Padding::same;
      case schema::Padding::VALID: return Padding::valid;
      default: op_error(raw, "padding {} is not supported", static_cast<int>(padding));
    }
  }

  void check_positive(const RawOp& raw, const char* what, int value) const {
    if (value < 1 || value > kMaxDim) op_error(raw, "{} is {} (must be 1..{})", what, value, kMaxDim);
  }

  template <typename Options>
  const Options* options(const RawOp& raw, schema::BuiltinOptions type) const {
    if (raw.op->builtin_options_type() != type || raw.op->builtin_options() == nullptr) {
      op_error(raw, "its builtin options are missing or of the wrong kind");
    }
    return static_cast<const Options*>(raw.op->builtin_options());
  }

  void dequantize(RawOp& raw) {
    expect_input_count(raw, 1, 1);
    const int in = raw.inputs[0];
    if (in < 0) op_error(raw, "input is missing");
    const auto& in_info = info_of(in);
    if (in_info.type != schema::TensorType::FLOAT16 || in_info.bytes == nullptr) {
      op_error(raw, "only constant FLOAT16 inputs are supported (weights); tensor {} is {}{}", describe(in),
               type_name(in_info.type), in_info.bytes == nullptr ? " computed at run time" : "");
    }
    auto& out_info = infos_[static_cast<std::size_t>(raw.output)];
    if (out_info.type != schema::TensorType::FLOAT32 || out_info.available) {
      op_error(raw, "output {} must be a new FLOAT32 tensor", describe(raw.output));
    }
    if (shape_of(raw.output) != shape_of(in)) {
      op_error(raw, "output {} has shape {}, input has {}", describe(raw.output), shape_string(shape_of(raw.output)),
               shape_string(shape_of(in)));
    }
    if (raw.output == graph_.output) op_error(raw, "a constant cannot be the model's output");
    // Converted once here, so inference runs on float32 weights.
    const std::size_t count = element_count(shape_of(in));
    std::vector<std::uint16_t> half(count);
    std::memcpy(half.data(), in_info.bytes, count * sizeof(std::uint16_t));
    auto& out = graph_.tensors[static_cast<std::size_t>(raw.output)].data;
    out.resize(count);
    cv::Mat(1, static_cast<int>(count), CV_16F, half.data()).convertTo(cv::Mat(1, static_cast<int>(count), CV_32F, out.data()), CV_32F);
    reject_non_finite(raw.output, out);
    out_info.available = true;
  }

  // Bias: a float constant [channels], or omitted (-1) in which case zeros.
  int bias(RawOp& raw, std::size_t slot, int channels) {
    if (slot >= raw.inputs.size() || raw.inputs[slot] < 0) {
      Tensor zeros{fmt::format("{}_zero_bias", raw.index), {channels}, std::vector<float>(static_cast<std::size_t>(channels), 0.0f)};
      graph_.tensors.push_back(std::move(zeros));
      infos_.push_back(TensorInfo{schema::TensorType::FLOAT32, nullptr, 0, true});
      return static_cast<int>(graph_.tensors.size()) - 1;
    }
    const int b = weights(raw, slot, "bias");
    if (shape_of(b) != Shape{channels}) op_error(raw, "bias {} has shape {}, expected [{}]", describe(b), shape_string(shape_of(b)), channels);
    return b;
  }

  // The sliding-window options CONV_2D and DEPTHWISE_CONV_2D share (their
  // option tables have the same fields).
  template <typename Options, typename Params>
  void read_window(const RawOp& raw, const Options& o, Params& p) const {
    p.padding = padding_of(raw, o.padding());
    p.stride_h = o.stride_h();
    p.stride_w = o.stride_w();
    p.dilation_h = o.dilation_h_factor();
    p.dilation_w = o.dilation_w_factor();
    p.activation = activation_of(raw, o.fused_activation_function());
    check_positive(raw, "stride_h", p.stride_h);
    check_positive(raw, "stride_w", p.stride_w);
    check_positive(raw, "dilation_h", p.dilation_h);
    check_positive(raw, "dilation_w", p.dilation_w);
  }

  // NHWC output of a window op over input `is` with filter `fs` ([., KH, KW, .]).
  template <typename Params>
  static Shape window_output_shape(const Shape& is, const Shape& fs, const Params& p, int channels) {
    return {is[0], conv_output_size(is[1], fs[1], p.stride_h, p.dilation_h, p.padding),
            conv_output_size(is[2], fs[2], p.stride_w, p.dilation_w, p.padding), channels};
  }

  void conv_2d(RawOp& raw) {
    expect_input_count(raw, 2, 3);
    const auto* o = options<schema::Conv2DOptions>(raw, schema::BuiltinOptions::Conv2DOptions);
    Conv2D p;
    read_window(raw, *o, p);
    const int in = activation(raw, 0, 4);
    const int filter = weights(raw, 1, "filter");
    const Shape is = shape_of(in);
    const Shape fs = shape_of(filter);
    if (fs.size() != 4 || fs[3] != is[3]) {
      op_error(raw, "filter {} has shape {}; expected [O,KH,KW,{}] for input {}", describe(filter), shape_string(fs), is[3], shape_string(is));
    }
    const int b = bias(raw, 2, fs[0]);
    emit(raw, p, {in, filter, b}, window_output_shape(is, fs, p, fs[0]));
  }

  void depthwise_conv_2d(RawOp& raw) {
    expect_input_count(raw, 2, 3);
    const auto* o = options<schema::DepthwiseConv2DOptions>(raw, schema::BuiltinOptions::DepthwiseConv2DOptions);
    DepthwiseConv2D p;
    read_window(raw, *o, p);
    const int in = activation(raw, 0, 4);
    const int filter = weights(raw, 1, "filter");
    const Shape is = shape_of(in);
    const Shape fs = shape_of(filter);
    // The multiplier follows from the filter, as TFLite does (the option is redundant).
    if (fs.size() != 4 || fs[0] != 1 || fs[3] % is[3] != 0) {
      op_error(raw, "filter {} has shape {}; expected [1,KH,KW,{}*M] for input {}", describe(filter), shape_string(fs), is[3], shape_string(is));
    }
    p.depth_multiplier = fs[3] / is[3];
    const int b = bias(raw, 2, fs[3]);
    emit(raw, p, {in, filter, b}, window_output_shape(is, fs, p, fs[3]));
  }

  void transpose_conv_bias(RawOp& raw) {
    expect_input_count(raw, 3, 3);
    // custom_options: three little-endian int32: padding (1 = SAME, 2 = VALID
    // as in TfLitePadding), stride_width, stride_height.
    const auto* custom = raw.op->custom_options();
    if (custom == nullptr || custom->size() != 12) {
      op_error(raw, "custom options must be 12 bytes (padding, stride_w, stride_h), found {}", custom == nullptr ? 0 : custom->size());
    }
    std::int32_t fields[3];
    std::memcpy(fields, custom->data(), sizeof fields);
    TransposeConvBias p;
    if (fields[0] == 1) {
      p.padding = Padding::same;
    } else if (fields[0] == 2) {
      p.padding = Padding::valid;
    } else {
      op_error(raw, "padding code {} is not supported", fields[0]);
    }
    p.stride_w = fields[1];
    p.stride_h = fields[2];
    check_positive(raw, "stride_w", p.stride_w);
    check_positive(raw, "stride_h", p.stride_h);
    const int in = activation(raw, 0, 4);
    const int filter = weights(raw, 1, "filter");
    const Shape is = shape_of(in);
    const Shape fs = shape_of(filter);
    if (fs.size() != 4 || fs[3] != is[3]) {
      op_error(raw, "filter {} has shape {}; expected [O,KH,KW,{}]", describe(filter), shape_string(fs), is[3]);
    }
    const int b = bias(raw, 2, fs[0]);
    auto out_size = [&](int size, int kernel, int stride) {
      const long long v = p.padding == Padding::same ? static_cast<long long>(size) * stride
                                                     : static_cast<long long>(size - 1) * stride + kernel;
      return v > kMaxDim ? kMaxDim + 1 : static_cast<int>(v);
    };
    emit(raw, p, {in, filter, b}, {is[0], out_size(is[1], fs[1], p.stride_h), out_size(is[2], fs[2], p.stride_w), fs[0]});
  }

  void average_pool_2d(RawOp& raw) {
    expect_input_count(raw, 1, 1);
    const auto* o = options<schema::Pool2DOptions>(raw, schema::BuiltinOptions::Pool2DOptions);
    AveragePool2D p;
    p.padding = padding_of(raw, o->padding());
    p.filter_h = o->filter_height();
    p.filter_w = o->filter_width();
    p.stride_h = o->stride_h();
    p.stride_w = o->stride_w();
    p.activation = activation_of(raw, o->fused_activation_function());
    check_positive(raw, "filter_height", p.filter_h);
    check_positive(raw, "filter_width", p.filter_w);
    check_positive(raw, "stride_h", p.stride_h);
    check_positive(raw, "stride_w", p.stride_w);
    if (p.filter_h == 1 && p.filter_w == 1 && (p.stride_h > 1 || p.stride_w > 1)) {
      // XNNPACK has no 1x1 pool; with stride 1 it is the identity, otherwise a subsampling it cannot express.
      op_error(raw, "a 1x1 window with stride {}x{} is not supported", p.stride_h, p.stride_w);
    }
    const int in = activation(raw, 0, 4);
    const Shape is = shape_of(in);
    emit(raw, p, {in},
         {is[0], conv_output_size(is[1], p.filter_h, p.stride_h, 1, p.padding),
          conv_output_size(is[2], p.filter_w, p.stride_w, 1, p.padding), is[3]});
  }

  void mean(RawOp& raw) {
    expect_input_count(raw, 2, 2);
    const auto* o = options<schema::ReducerOptions>(raw, schema::BuiltinOptions::ReducerOptions);
    const int in = activation(raw, 0, 4);
    auto axes = int_constant(raw, 1, "axes");
    for (auto& a : axes) {
      if (a < 0) a += 4;
    }
    std::sort(axes.begin(), axes.end());
    if (axes != std::vector<std::int32_t>{1, 2}) op_error(raw, "only the mean over height and width (axes 1 and 2) is supported");
    const Shape is = shape_of(in);
    MeanHW p{o->keep_dims()};
    emit(raw, p, {in}, p.keep_dims ? Shape{is[0], 1, 1, is[3]} : Shape{is[0], is[3]});
  }

  void binary(RawOp& raw, bool is_add) {
    expect_input_count(raw, 2, 2);
    const int a = activation(raw, 0, 0);
    const int b = activation(raw, 1, 0);
    Activation act;
    if (is_add) {
      act = activation_of(raw, options<schema::AddOptions>(raw, schema::BuiltinOptions::AddOptions)->fused_activation_function());
    } else {
      act = activation_of(raw, options<schema::MulOptions>(raw, schema::BuiltinOptions::MulOptions)->fused_activation_function());
    }
    // NumPy broadcasting, aligned at the innermost dimension.
    const Shape& sa = shape_of(a);
    const Shape& sb = shape_of(b);
    Shape out(std::max(sa.size(), sb.size()), 1);
    for (std::size_t i = 0; i < out.size(); ++i) {
      const int da = i < sa.size() ? sa[sa.size() - 1 - i] : 1;
      const int db = i < sb.size() ? sb[sb.size() - 1 - i] : 1;
      if (da != db && da != 1 && db != 1) op_error(raw, "shapes {} and {} do not broadcast", shape_string(sa), shape_string(sb));
      out[out.size() - 1 - i] = std::max(da, db);
    }
    if (is_add) {
      emit(raw, Add{act}, {a, b}, out);
    } else {
      emit(raw, Mul{act}, {a, b}, out);
    }
  }

  void resize_bilinear(RawOp& raw) {
    expect_input_count(raw, 2, 2);
    const auto* o = options<schema::ResizeBilinearOptions>(raw, schema::BuiltinOptions::ResizeBilinearOptions);
    const int in = activation(raw, 0, 4);
    const auto size = int_constant(raw, 1, "size");
    if (size.size() != 2) op_error(raw, "size must hold 2 values (height, width), found {}", size.size());
    ResizeBilinear p{size[0], size[1], o->align_corners(), o->half_pixel_centers()};
    check_positive(raw, "output height", p.out_h);
    check_positive(raw, "output width", p.out_w);
    if (p.align_corners && p.half_pixel_centers) op_error(raw, "align_corners and half_pixel_centers cannot both be set");
    const Shape is = shape_of(in);
    emit(raw, p, {in}, {is[0], p.out_h, p.out_w, is[3]});
  }

  void unary(RawOp& raw, OpParams params) {
    expect_input_count(raw, 1, 1);
    const int in = activation(raw, 0, 0);
    emit(raw, params, {in}, shape_of(in));
  }

  std::span<const std::uint8_t> bytes_;
  const std::string& origin_;
  const schema::Model* model_ = nullptr;
  const schema::SubGraph* subgraph_ = nullptr;
  Graph graph_;
  std::vector<TensorInfo> infos_;
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

}  // namespace fakecam::segment::tflite
