// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs a Graph by its ExecutionPlan: XNNPACK subgraphs and our own kernels
// in turn, each step reading and writing the tensors that cross between
// steps in one arena (tensor_arena.hpp). The graph's RELUs are folded into
// their producers first (fold_relu.hpp). Everything is built and allocated
// once; run() only computes. The input stays as written until the next run.

#include <variant>
#include <vector>

#include "segment/execution_plan.hpp"
#include "segment/graph.hpp"
#include "segment/kernels/conv_to_space.hpp"
#include "segment/kernels/depthwise_conv.hpp"
#include "segment/kernels/input_conv.hpp"
#include "segment/kernels/upsample2x.hpp"
#include "segment/xnn/runtime.hpp"

namespace fakecam::segment {

class Engine {
 public:
  // threads: XNNPACK's pool (our kernels run on the caller's thread).
  Engine(Graph graph, int threads, PlanOptions options = {});

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  // Moving keeps every heap buffer where the steps saw it.
  Engine(Engine&&) noexcept = default;
  Engine& operator=(Engine&&) noexcept = default;

  const Shape& input_shape() const;   // [1, H, W, 3]
  const Shape& output_shape() const;  // [1, H, W, 1]

  // NHWC float buffers owned by the engine, valid for its lifetime.
  float* input() { return buffer(graph_.input); }
  const float* output() const { return at_[static_cast<std::size_t>(graph_.output)]; }

  const ExecutionPlan& plan() const { return plan_; }

  void run();

 private:
  struct OwnDepthwise {
    kernels::DepthwiseConv conv;
    const float* in;
    float* out;
    const float* residual;  // or null
  };
  struct OwnHead {
    kernels::ConvToSpace head;
    const float* in;
    float* out;
  };
  struct OwnGateAdd {
    const float *x, *gate, *y;
    float* out;
    int pixels, channels;
  };
  struct OwnInputConv {
    kernels::InputConv conv;
    const float* in;
    float* out;
  };
  struct OwnMeanOfSum {
    const float *a, *b;
    float* mean;
    int h, w, channels;
  };
  struct OwnUpsample {
    kernels::Upsample2x up;
    const float* in;
    float* out;
  };
  using Part =
      std::variant<xnn::PartRuntime, OwnDepthwise, OwnHead, OwnGateAdd, OwnInputConv, OwnMeanOfSum, OwnUpsample>;

  void add_xnnpack(const std::vector<int>& ops, const std::vector<int>& externals);
  void add_depthwise(const DepthwiseStep& step, const PlanOptions& options);
  void add_head(const HeadStep& step, const PlanOptions& options);
  void add_gate_add(const GateAddStep& step, const PlanOptions& options);
  void add_input_conv(const InputConvStep& step, const PlanOptions& options);
  void add_mean_of_sum(const MeanOfSumStep& step, const PlanOptions& options);
  void add_upsample(const UpsampleStep& step, const PlanOptions& options);
  float* buffer(int tensor) const { return at_[static_cast<std::size_t>(tensor)]; }

  // Declared before parts_: XNNPACK points into the graph's constants.
  Graph graph_;
  ExecutionPlan plan_;
  std::vector<float> arena_;  // every boundary tensor, at offsets from plan_arena
  std::vector<float*> at_;    // by tensor: where it lives (boundaries only, else null)
  xnn::ThreadpoolPtr threadpool_;
  std::vector<Part> parts_;
};

}  // namespace fakecam::segment
