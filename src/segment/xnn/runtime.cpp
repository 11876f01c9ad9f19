// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/xnn/runtime.hpp"

#include "common/error.hpp"
#include "segment/xnn/subgraph_builder.hpp"

namespace fakecam::segment::xnn {

namespace {
// XNNPACK kernels may read (never use) up to XNN_EXTRA_BYTES past a buffer.
std::vector<float> padded_buffer(const Shape& shape) {
  return std::vector<float>(element_count(shape) + XNN_EXTRA_BYTES / sizeof(float), 0.0f);
}
}  // namespace

Runtime::Runtime(Graph graph, int threads) : graph_(std::move(graph)) {
  if (threads < 1) fail("thread count must be at least 1, not {}", threads);
  input_ = padded_buffer(input_shape());
  output_ = padded_buffer(output_shape());
  SubgraphPtr subgraph = SubgraphBuilder(graph_).build();
  if (threads > 1) {
    threadpool_.reset(pthreadpool_create(static_cast<std::size_t>(threads)));
    if (!threadpool_) fail("cannot create a pool of {} threads", threads);
  }
  xnn_runtime_t raw = nullptr;
  check(xnn_create_runtime_v2(subgraph.get(), threadpool_.get(), 0, &raw), "planning the network");
  runtime_.reset(raw);
  const xnn_external_value externals[] = {{SubgraphBuilder::kInputId, input_.data()},
                                          {SubgraphBuilder::kOutputId, output_.data()}};
  check(xnn_setup_runtime(runtime_.get(), 2, externals), "binding the input and output");
}

const Shape& Runtime::input_shape() const { return graph_.tensors[static_cast<std::size_t>(graph_.input)].shape; }
const Shape& Runtime::output_shape() const { return graph_.tensors[static_cast<std::size_t>(graph_.output)].shape; }

void Runtime::run() { check(xnn_invoke_runtime(runtime_.get()), "running the network"); }

}  // namespace fakecam::segment::xnn
