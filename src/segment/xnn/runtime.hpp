// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs a Graph on XNNPACK: the subgraph is built and planned once, buffers are
// allocated once; run() only computes.

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

class Runtime {
 public:
  // threads: 1 runs on the caller's thread; more uses a pthreadpool.
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

  void run();

 private:
  // Declared before runtime_: XNNPACK points into the graph's constants.
  Graph graph_;
  std::vector<float> input_;
  std::vector<float> output_;
  std::unique_ptr<pthreadpool, ThreadpoolDeleter> threadpool_;
  std::unique_ptr<xnn_runtime, RuntimeDeleter> runtime_;
};

}  // namespace fakecam::segment::xnn
