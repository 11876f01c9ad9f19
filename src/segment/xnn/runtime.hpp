// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs a Graph, or a run of its ops, on XNNPACK: the subgraph is built and
// planned once, buffers are bound once; run() only computes.

#include <cstddef>
#include <memory>
#include <vector>

#include <pthreadpool.h>
#include <xnnpack.h>

#include "segment/graph.hpp"

namespace fakecam::segment::xnn {

struct RuntimeDeleter {
  void operator()(xnn_runtime* r) const { xnn_delete_runtime(r); }
};
struct ThreadpoolDeleter {
  void operator()(pthreadpool* p) const { pthreadpool_destroy(p); }
};
using ThreadpoolPtr = std::unique_ptr<pthreadpool, ThreadpoolDeleter>;

// XNNPACK kernels may read (never use) up to XNN_EXTRA_BYTES past a buffer:
// every buffer bound to a runtime comes from here.
std::vector<float> padded_buffer(const Shape& shape);

// threads: 1 runs on the caller's thread (no pool); more makes a pthreadpool.
ThreadpoolPtr make_threadpool(int threads);

// Some ops of a graph on XNNPACK, reading and writing the tensors in
// `externals` in the caller's buffers (`buffers[i]` holds `externals[i]`,
// made by padded_buffer). The graph's constants and the buffers must outlive
// it, and stay where they are.
class PartRuntime {
 public:
  PartRuntime(const Graph& graph, const std::vector<int>& ops, const std::vector<int>& externals,
              const std::vector<float*>& buffers, pthreadpool* threadpool);
  void run();

 private:
  std::unique_ptr<xnn_runtime, RuntimeDeleter> runtime_;
};

// A whole graph on XNNPACK alone.
class Runtime {
 public:
  Runtime(Graph graph, int threads);

  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;
  // Moving keeps every heap buffer (constants, input, output) where XNNPACK
  // saw it, so the planned runtime stays valid.
  Runtime(Runtime&&) noexcept = default;
  Runtime& operator=(Runtime&&) noexcept = default;

  const Shape& input_shape() const;   // [1, H, W, 3]
  const Shape& output_shape() const;  // [1, H, W, 1]

  // NHWC float buffers owned by the runtime, valid for its lifetime.
  float* input() { return input_.data(); }
  const float* output() const { return output_.data(); }

  void run() { part_->run(); }

 private:
  // Declared before part_: XNNPACK points into the graph's constants.
  Graph graph_;
  std::vector<float> input_;
  std::vector<float> output_;
  ThreadpoolPtr threadpool_;
  std::unique_ptr<PartRuntime> part_;
};

}  // namespace fakecam::segment::xnn
