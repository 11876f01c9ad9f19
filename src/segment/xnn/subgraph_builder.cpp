// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/xnn/subgraph_builder.hpp"

#include <algorithm>
#include <mutex>

#include "common/error.hpp"
#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

namespace {
const char* status_name(xnn_status status) {
  switch (status) {
    case xnn_status_success:
      return "success";
    case xnn_status_uninitialized:
      return "uninitialized";
    case xnn_status_invalid_parameter:
      return "invalid parameter";
    case xnn_status_invalid_state:
      return "invalid state";
    case xnn_status_unsupported_parameter:
      return "unsupported parameter";
    case xnn_status_unsupported_hardware:
      return "unsupported hardware";
    case xnn_status_out_of_memory:
      return "out of memory";
  }
  return "unknown status";
}
}  // namespace

void check(xnn_status status, const char* what) {
  if (status != xnn_status_success) fail("XNNPACK: {} failed: {}", what, status_name(status));
}

void check_node(xnn_status status, const Op& op) {
  if (status != xnn_status_success) {
    fail("XNNPACK refused op {} ({}): {}", op.source_index, op_name(op.params), status_name(status));
  }
}

void initialize_xnnpack() {
  static xnn_status status = [] { return xnn_initialize(nullptr); }();
  if (status == xnn_status_unsupported_hardware)
    fail("XNNPACK does not support this CPU (it needs at least SSE2 on x86)");
  check(status, "initialisation");
}

Clamp clamp_for(Activation activation) {
  switch (activation) {
    case Activation::none:
      return {};
    case Activation::relu:
      return {0.0f, Clamp{}.max};
    case Activation::relu_n1_to_1:
      return {-1.0f, 1.0f};
    case Activation::relu6:
      return {0.0f, 6.0f};
  }
  return {};
}

Pad same_padding(int in, int out, int kernel, int stride, int dilation) {
  const int dilated = (kernel - 1) * dilation + 1;
  const int total = std::max((out - 1) * stride + dilated - in, 0);
  return {static_cast<std::uint32_t>(total / 2), static_cast<std::uint32_t>(total - total / 2)};
}

SubgraphBuilder::SubgraphBuilder(const Graph& graph) : graph_(graph), ids_(graph.tensors.size(), XNN_INVALID_VALUE_ID) {
  initialize_xnnpack();
  xnn_subgraph_t raw = nullptr;
  check(xnn_create_subgraph(/*external_value_ids=*/2, 0, &raw), "creating a subgraph");
  subgraph_.reset(raw);
}

std::uint32_t SubgraphBuilder::value(int tensor) {
  const Shape& s = shape(tensor);
  return value(tensor, std::vector<std::size_t>(s.begin(), s.end()));
}

std::uint32_t SubgraphBuilder::value(int tensor, const std::vector<std::size_t>& dims) {
  auto& id = ids_.at(static_cast<std::size_t>(tensor));
  if (id != XNN_INVALID_VALUE_ID) return id;
  const Tensor& t = graph_.tensors[static_cast<std::size_t>(tensor)];
  std::uint32_t external = XNN_INVALID_VALUE_ID;
  std::uint32_t flags = 0;
  if (tensor == graph_.input) {
    external = kInputId;
    flags = XNN_VALUE_FLAG_EXTERNAL_INPUT;
  } else if (tensor == graph_.output) {
    external = kOutputId;
    flags = XNN_VALUE_FLAG_EXTERNAL_OUTPUT;
  }
  check(xnn_define_tensor_value(subgraph_.get(), xnn_datatype_fp32, dims.size(), dims.data(),
                                t.is_constant() ? t.data.data() : nullptr, external, flags, &id),
        "defining a tensor");
  return id;
}

namespace {
struct DefineOp {
  SubgraphBuilder& b;
  const Op& op;
  void operator()(const Conv2D& p) const { define_conv_2d(b, op, p); }
  void operator()(const DepthwiseConv2D& p) const { define_depthwise_conv_2d(b, op, p); }
  void operator()(const TransposeConvBias& p) const { define_transpose_conv_bias(b, op, p); }
  void operator()(const AveragePool2D& p) const { define_average_pool_2d(b, op, p); }
  void operator()(const MeanHW& p) const { define_mean(b, op, p); }
  void operator()(const Add& p) const { define_add(b, op, p); }
  void operator()(const Mul& p) const { define_mul(b, op, p); }
  void operator()(const ResizeBilinear& p) const { define_resize_bilinear(b, op, p); }
  void operator()(const DepthToSpace& p) const { define_depth_to_space(b, op, p); }
  void operator()(const HardSwish& p) const { define_hard_swish(b, op, p); }
  void operator()(const Relu& p) const { define_relu(b, op, p); }
  void operator()(const Logistic& p) const { define_logistic(b, op, p); }
};
}  // namespace

namespace {
// Which ops the output depends on. A model may compute tensors nobody reads
// (TFLite allows it); XNNPACK allocates no memory for such a value and then
// aborts when its producer is set up, so dead ops are left out.
std::vector<bool> live_ops(const Graph& graph) {
  std::vector<bool> needed(graph.tensors.size(), false);
  std::vector<bool> live(graph.ops.size(), false);
  needed[static_cast<std::size_t>(graph.output)] = true;
  for (std::size_t k = graph.ops.size(); k-- > 0;) {
    const Op& op = graph.ops[k];
    if (!needed[static_cast<std::size_t>(op.output)]) continue;
    live[k] = true;
    for (int in : op.inputs) needed[static_cast<std::size_t>(in)] = true;
  }
  return live;
}
}  // namespace

SubgraphPtr SubgraphBuilder::build() && {
  // The external input must exist even if no op reads it directly.
  value(graph_.input);
  const std::vector<bool> live = live_ops(graph_);
  for (std::size_t k = 0; k < graph_.ops.size(); ++k) {
    if (live[k]) std::visit(DefineOp{*this, graph_.ops[k]}, graph_.ops[k].params);
  }
  value(graph_.output);
  return std::move(subgraph_);
}

}  // namespace fakecam::segment::xnn
