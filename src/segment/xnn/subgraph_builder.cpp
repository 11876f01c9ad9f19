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

SubgraphBuilder::SubgraphBuilder(const Graph& graph, std::vector<int> externals)
    : graph_(graph),
      externals_(std::move(externals)),
      produced_(graph.tensors.size(), false),
      ids_(graph.tensors.size(), XNN_INVALID_VALUE_ID) {
  initialize_xnnpack();
  xnn_subgraph_t raw = nullptr;
  check(xnn_create_subgraph(static_cast<std::uint32_t>(externals_.size()), 0, &raw), "creating a subgraph");
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
  const auto e = std::find(externals_.begin(), externals_.end(), tensor);
  if (e != externals_.end()) {
    external = static_cast<std::uint32_t>(e - externals_.begin());
    flags =
        produced_[static_cast<std::size_t>(tensor)] ? XNN_VALUE_FLAG_EXTERNAL_OUTPUT : XNN_VALUE_FLAG_EXTERNAL_INPUT;
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

std::vector<int> live_ops(const Graph& graph) {
  std::vector<bool> needed(graph.tensors.size(), false);
  needed[static_cast<std::size_t>(graph.output)] = true;
  std::vector<int> live;
  for (std::size_t k = graph.ops.size(); k-- > 0;) {
    const Op& op = graph.ops[k];
    if (!needed[static_cast<std::size_t>(op.output)]) continue;
    live.push_back(static_cast<int>(k));
    for (int in : op.inputs) needed[static_cast<std::size_t>(in)] = true;
  }
  std::reverse(live.begin(), live.end());
  return live;
}

SubgraphPtr SubgraphBuilder::build(const std::vector<int>& ops) && {
  for (int k : ops) produced_[static_cast<std::size_t>(graph_.ops[static_cast<std::size_t>(k)].output)] = true;
  // Every external must exist, even an input no op reads (a graph's input);
  // outputs are defined by their producers, which may want another view.
  for (int t : externals_) {
    if (!produced_[static_cast<std::size_t>(t)]) value(t);
  }
  for (int k : ops) {
    const Op& op = graph_.ops[static_cast<std::size_t>(k)];
    std::visit(DefineOp{*this, op}, op.params);
  }
  return std::move(subgraph_);
}

}  // namespace fakecam::segment::xnn
