// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/xnn/runtime.hpp"

#include "common/error.hpp"
#include "segment/xnn/subgraph_builder.hpp"

namespace fakecam::segment::xnn {

std::vector<float> padded_buffer(const Shape& shape) {
  return std::vector<float>(element_count(shape) + XNN_EXTRA_BYTES / sizeof(float), 0.0f);
}

ThreadpoolPtr make_threadpool(int threads) {
  if (threads < 1) fail("thread count must be at least 1, not {}", threads);
  ThreadpoolPtr pool;
  if (threads > 1) {
    pool.reset(pthreadpool_create(static_cast<std::size_t>(threads)));
    if (!pool) fail("cannot create a pool of {} threads", threads);
  }
  return pool;
}

PartRuntime::PartRuntime(const Graph& graph, const std::vector<int>& ops, const std::vector<int>& externals,
                         const std::vector<float*>& buffers, pthreadpool* threadpool) {
  SubgraphPtr subgraph = SubgraphBuilder(graph, externals).build(ops);
  xnn_runtime_t raw = nullptr;
  check(xnn_create_runtime_v2(subgraph.get(), threadpool, 0, &raw), "planning the network");
  runtime_.reset(raw);
  std::vector<xnn_external_value> values;
  for (std::size_t i = 0; i < externals.size(); ++i) values.push_back({static_cast<std::uint32_t>(i), buffers[i]});
  check(xnn_setup_runtime(runtime_.get(), values.size(), values.data()), "binding the input and output");
}

void PartRuntime::run() { check(xnn_invoke_runtime(runtime_.get()), "running the network"); }

Runtime::Runtime(Graph graph, int threads) : graph_(std::move(graph)) {
  threadpool_ = make_threadpool(threads);
  input_ = padded_buffer(input_shape());
  output_ = padded_buffer(output_shape());
  part_ = std::make_unique<PartRuntime>(graph_, live_ops(graph_), std::vector<int>{graph_.input, graph_.output},
                                        std::vector<float*>{input_.data(), output_.data()}, threadpool_.get());
}

const Shape& Runtime::input_shape() const { return graph_.tensors[static_cast<std::size_t>(graph_.input)].shape; }
const Shape& Runtime::output_shape() const { return graph_.tensors[static_cast<std::size_t>(graph_.output)].shape; }

}  // namespace fakecam::segment::xnn
