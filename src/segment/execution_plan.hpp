// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How a Graph is executed, apart from the Graph itself (XNNPACK's own split:
// the graph says what is computed, the runtime how): its live ops cut into
// steps, each either a run of consecutive ops for one XNNPACK subgraph or one
// of our own kernels doing one or two ops in one pass over memory. Engine
// (engine.hpp) runs a plan.

#include <variant>
#include <vector>

#include "segment/graph.hpp"
#include "segment/tensor_arena.hpp"

namespace fakecam::segment {

// Ops (indices into Graph::ops, in execution order) for one XNNPACK subgraph.
struct XnnStep {
  std::vector<int> ops;
};

// A DEPTHWISE_CONV_2D on kernels::DepthwiseConv, with the HARD_SWISH or RELU
// that alone reads its result (activation, -1 if none) and then the ADD of a
// same-shape tensor that alone reads that (add: the residual sums of
// MediaPipe's decoder, -1 if none) done on the way.
struct DepthwiseStep {
  int conv = -1;
  int activation = -1;
  int add = -1;
};

// The models' head on kernels::ConvToSpace: a 1x1 CONV_2D to 4 channels, the
// DEPTH_TO_SPACE (block 2, one channel out) that alone reads it, and the
// LOGISTIC that alone reads that (logistic, -1 if none).
struct HeadStep {
  int conv = -1;
  int to_space = -1;
  int logistic = -1;
};

// A squeeze-excite MUL of [1,H,W,C] by a [1,1,1,C] gate and the ADD of a
// same-shape tensor that alone reads it, on kernels::gate_add.
struct GateAddStep {
  int mul = -1;
  int add = -1;
};

// The first layer on kernels::InputConv: a 3x3 CONV_2D from 3 channels, with
// the HARD_SWISH or RELU that alone reads its result (activation, -1 if none).
struct InputConvStep {
  int conv = -1;
  int activation = -1;
};

// An ADD of two same-shape tensors read only by a MEAN over height and width
// (or an AVERAGE_POOL_2D of one window, the same), on kernels::mean_of_sum
// (the sum is never written).
struct MeanOfSumStep {
  int add = -1;
  int mean = -1;
};

// A RESIZE_BILINEAR to twice the size with half-pixel centres, on
// kernels::Upsample2x.
struct UpsampleStep {
  int resize = -1;
};

using Step = std::variant<XnnStep, DepthwiseStep, HeadStep, GateAddStep, InputConvStep, MeanOfSumStep, UpsampleStep>;

struct PlanOptions {
  // Depthwise convolutions our kernel takes run on it; false: XNNPACK only.
  bool own_depthwise = true;
  // The head (HeadStep) on our kernel; false: XNNPACK.
  bool own_head = true;
  // MUL + ADD pairs (GateAddStep) on our kernel; false: XNNPACK.
  bool own_gate_add = true;
  // ADD + MEAN pairs (MeanOfSumStep) on our kernel; false: XNNPACK.
  bool own_mean_of_sum = true;
  // 2x half-pixel bilinear upsampling (UpsampleStep) on our kernel; false: XNNPACK.
  bool own_upsample = true;
  // 3x3 convs from 3 channels (InputConvStep) on our kernel: alone it is no
  // faster than XNNPACK's conv + HARD_SWISH (0.088 against 0.090 ms on the
  // landscape input), in the whole model it measured 0.2-0.4 % (landscape)
  // and 1.8-2.5 % (general) faster, same run (segment_op_profile).
  bool own_input_conv = true;
  // Cut the graph as for our kernels but run those steps on XNNPACK too:
  // what the cuts alone cost (segment_op_profile).
  bool cuts_only = false;
  // Every tensor in a buffer of the engine's (none left to XNNPACK's planner).
  bool all_external = true;
};

struct ExecutionPlan {
  std::vector<Step> steps;
  // Tensors one step writes and another reads, and the graph's input and
  // output: each lives in a buffer of its own.
  std::vector<int> boundaries;
};

ExecutionPlan plan_execution(const Graph& graph, const PlanOptions& options);

// The ops a step runs, in order.
std::vector<int> step_ops(const Step& step);

// The tensor a depthwise step leaves behind (its last fused op's).
int step_output(const Graph& graph, const DepthwiseStep& step);
int step_output(const Graph& graph, const HeadStep& step);
int step_output(const Graph& graph, const InputConvStep& step);
// A gate step's operands: out = x * gate + y.
struct GateAddOperands {
  int x, gate, y, out;
};
GateAddOperands gate_add_operands(const Graph& graph, const GateAddStep& step);
// The other operand of a depthwise step's fused ADD (-1 if none).
int step_residual(const Graph& graph, const DepthwiseStep& step);

// The life of each of plan.boundaries in op positions, for plan_arena. An
// XNNPACK step runs its ops one after the other; our kernels do all of a
// step's ops in one pass, reading while they write: one position. The input
// and output live throughout (the caller writes one before and reads the
// other after a run).
std::vector<TensorLife> boundary_lives(const Graph& graph, const ExecutionPlan& plan);

// Whether kernels::DepthwiseConv computes this op (depth multiplier 1, no
// dilation, square kernel and stride it has a build for).
bool own_depthwise_fits(const Graph& graph, const Op& op);

}  // namespace fakecam::segment
