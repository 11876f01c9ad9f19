// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/execution_plan.hpp"

#include <algorithm>

#include "segment/kernels/depthwise_conv.hpp"
#include "segment/kernels/input_conv.hpp"
#include "segment/xnn/subgraph_builder.hpp"

namespace fakecam::segment {

namespace {
const Tensor& tensor(const Graph& g, int t) { return g.tensors[static_cast<std::size_t>(t)]; }
const Op& op_at(const Graph& g, int k) { return g.ops[static_cast<std::size_t>(k)]; }
}  // namespace

std::vector<int> step_ops(const Step& step) {
  if (const auto* x = std::get_if<XnnStep>(&step)) return x->ops;
  if (const auto* m = std::get_if<GateAddStep>(&step)) return {m->mul, m->add};
  if (const auto* m = std::get_if<MeanOfSumStep>(&step)) return {m->add, m->mean};
  if (const auto* u = std::get_if<UpsampleStep>(&step)) return {u->resize};
  if (const auto* i = std::get_if<InputConvStep>(&step)) {
    if (i->activation < 0) return {i->conv};
    return {i->conv, i->activation};
  }
  if (const auto* h = std::get_if<HeadStep>(&step)) {
    if (h->logistic < 0) return {h->conv, h->to_space};
    return {h->conv, h->to_space, h->logistic};
  }
  const auto& d = std::get<DepthwiseStep>(step);
  std::vector<int> ops{d.conv};
  if (d.activation >= 0) ops.push_back(d.activation);
  if (d.add >= 0) ops.push_back(d.add);
  return ops;
}

bool own_depthwise_fits(const Graph& graph, const Op& op) {
  const auto* p = std::get_if<DepthwiseConv2D>(&op.params);
  if (!p || op.inputs.size() != 3) return false;
  const Shape& in = tensor(graph, op.inputs[0]).shape;
  const Shape& filter = tensor(graph, op.inputs[1]).shape;
  const Shape& out = tensor(graph, op.output).shape;
  return p->depth_multiplier == 1 && p->dilation_h == 1 && p->dilation_w == 1 && p->stride_h == p->stride_w &&
         in.size() == 4 && in[0] == 1 && out.size() == 4 && in[3] == out[3] && filter.size() == 4 &&
         filter[1] == filter[2] && filter[3] == in[3] && tensor(graph, op.inputs[1]).is_constant() &&
         tensor(graph, op.inputs[2]).is_constant() && kernels::depthwise_supported(filter[1], p->stride_h);
}

namespace {
// A 1x1 conv to 4 channels, stride 1, no activation, with constant weights.
bool own_head_fits(const Graph& graph, const Op& op) {
  const auto* p = std::get_if<Conv2D>(&op.params);
  if (!p || op.inputs.size() != 3) return false;
  const Shape& in = tensor(graph, op.inputs[0]).shape;
  const Shape& filter = tensor(graph, op.inputs[1]).shape;
  return p->stride_h == 1 && p->stride_w == 1 && p->dilation_h == 1 && p->dilation_w == 1 &&
         p->activation == Activation::none && in.size() == 4 && in[0] == 1 && filter.size() == 4 && filter[0] == 4 &&
         filter[1] == 1 && filter[2] == 1 && filter[3] == in[3] && tensor(graph, op.inputs[1]).is_constant() &&
         tensor(graph, op.inputs[2]).is_constant();
}
// A MUL of [1,H,W,C] (H*W > 1) by [1,1,1,C], either way round, no activation.
bool own_gate_fits(const Graph& graph, const Op& op) {
  const auto* p = std::get_if<Mul>(&op.params);
  if (!p || p->activation != Activation::none || op.inputs.size() != 2 || op.inputs[0] == op.inputs[1]) return false;
  const Shape& a = tensor(graph, op.inputs[0]).shape;
  const Shape& b = tensor(graph, op.inputs[1]).shape;
  const auto is_gate = [](const Shape& g, const Shape& x) {
    return g.size() == 4 && x.size() == 4 && g[0] == 1 && g[1] == 1 && g[2] == 1 && x[0] == 1 && g[3] == x[3] &&
           x[1] * x[2] > 1;
  };
  return is_gate(b, a) || is_gate(a, b);
}
// A 3x3 conv from 3 channels, stride 1 or 2 (both axes), no dilation.
bool own_input_conv_fits(const Graph& graph, const Op& op) {
  const auto* p = std::get_if<Conv2D>(&op.params);
  if (!p || op.inputs.size() != 3) return false;
  const Shape& in = tensor(graph, op.inputs[0]).shape;
  const Shape& filter = tensor(graph, op.inputs[1]).shape;
  return p->stride_h == p->stride_w && (p->stride_h == 1 || p->stride_h == 2) && p->dilation_h == 1 &&
         p->dilation_w == 1 && in.size() == 4 && in[0] == 1 && in[3] == kernels::kInputConvChannels &&
         filter.size() == 4 && filter[1] == kernels::kInputConvKernel && filter[2] == kernels::kInputConvKernel &&
         filter[3] == kernels::kInputConvChannels && tensor(graph, op.inputs[1]).is_constant() &&
         tensor(graph, op.inputs[2]).is_constant();
}
// A MEAN over height and width, or an AVERAGE_POOL_2D whose one window is
// the whole input (the general model's squeeze-excite): the same numbers.
bool is_global_mean(const Graph& graph, const Op& op) {
  if (std::holds_alternative<MeanHW>(op.params)) return true;
  const auto* p = std::get_if<AveragePool2D>(&op.params);
  const Shape& in = tensor(graph, op.inputs[0]).shape;
  return p && p->activation == Activation::none && p->padding == Padding::valid && in.size() == 4 &&
         p->filter_h == in[1] && p->filter_w == in[2] &&
         element_count(tensor(graph, op.output).shape) ==
             static_cast<std::size_t>(in[0]) * static_cast<std::size_t>(in[3]);
}
// RESIZE_BILINEAR of [1,H,W,C] to [1,2H,2W,C], half-pixel centres.
bool own_upsample_fits(const Graph& graph, const Op& op) {
  const auto* p = std::get_if<ResizeBilinear>(&op.params);
  if (!p || !p->half_pixel_centers || p->align_corners) return false;
  const Shape& in = tensor(graph, op.inputs[0]).shape;
  const Shape& out = tensor(graph, op.output).shape;
  return in.size() == 4 && out.size() == 4 && in[0] == 1 && out[1] == 2 * in[1] && out[2] == 2 * in[2] &&
         out[3] == in[3] && p->out_h == out[1] && p->out_w == out[2];
}
// DEPTH_TO_SPACE from 4 channels to 1 (block 2).
bool own_to_space_fits(const Graph& graph, const Op& op) {
  const auto* p = std::get_if<DepthToSpace>(&op.params);
  return p && p->block_size == 2 && tensor(graph, op.inputs[0]).shape.back() == 4;
}
}  // namespace

std::vector<TensorLife> boundary_lives(const Graph& graph, const ExecutionPlan& plan) {
  std::vector<int> first(graph.tensors.size(), 0), last(graph.tensors.size(), 0);
  int position = 0;
  for (const Step& step : plan.steps) {
    const bool one_pass = !std::holds_alternative<XnnStep>(step);
    for (int k : step_ops(step)) {
      const Op& op = op_at(graph, k);
      for (int t : op.inputs) last[static_cast<std::size_t>(t)] = position;
      first[static_cast<std::size_t>(op.output)] = position;
      last[static_cast<std::size_t>(op.output)] = std::max(last[static_cast<std::size_t>(op.output)], position);
      if (!one_pass) ++position;
    }
    if (one_pass) ++position;
  }
  std::vector<TensorLife> lives;
  for (int t : plan.boundaries) {
    TensorLife life{element_count(tensor(graph, t).shape), first[static_cast<std::size_t>(t)],
                    last[static_cast<std::size_t>(t)]};
    if (t == graph.input) life.first = -1;
    if (t == graph.input || t == graph.output) life.last = position;
    lives.push_back(life);
  }
  return lives;
}

int step_output(const Graph& graph, const DepthwiseStep& step) {
  if (step.add >= 0) return op_at(graph, step.add).output;
  return op_at(graph, step.activation >= 0 ? step.activation : step.conv).output;
}

int step_output(const Graph& graph, const HeadStep& step) {
  return op_at(graph, step.logistic >= 0 ? step.logistic : step.to_space).output;
}

GateAddOperands gate_add_operands(const Graph& graph, const GateAddStep& step) {
  const Op& mul = op_at(graph, step.mul);
  const Op& add = op_at(graph, step.add);
  const bool gate_second = tensor(graph, mul.inputs[1]).shape.size() == 4 &&
                           tensor(graph, mul.inputs[1]).shape[1] == 1 && tensor(graph, mul.inputs[1]).shape[2] == 1;
  const int x = gate_second ? mul.inputs[0] : mul.inputs[1];
  const int gate = gate_second ? mul.inputs[1] : mul.inputs[0];
  const int y = add.inputs[0] == mul.output ? add.inputs[1] : add.inputs[0];
  return {x, gate, y, add.output};
}

int step_output(const Graph& graph, const InputConvStep& step) {
  return op_at(graph, step.activation >= 0 ? step.activation : step.conv).output;
}

int step_residual(const Graph& graph, const DepthwiseStep& step) {
  if (step.add < 0) return -1;
  const Op& add = op_at(graph, step.add);
  const int before = op_at(graph, step.activation >= 0 ? step.activation : step.conv).output;
  return add.inputs[0] == before ? add.inputs[1] : add.inputs[0];
}

ExecutionPlan plan_execution(const Graph& graph, const PlanOptions& options) {
  const std::vector<int> live = xnn::live_ops(graph);
  // Which live ops read each tensor.
  std::vector<std::vector<int>> readers(graph.tensors.size());
  for (int k : live) {
    for (int t : op_at(graph, k).inputs) {
      auto& r = readers[static_cast<std::size_t>(t)];
      if (r.empty() || r.back() != k) r.push_back(k);
    }
  }

  // Each live op's place in execution order, and which op makes each tensor.
  std::vector<int> position(graph.ops.size(), -1);
  std::vector<int> producer_op(graph.tensors.size(), -1);
  for (std::size_t i = 0; i < live.size(); ++i) {
    position[static_cast<std::size_t>(live[i])] = static_cast<int>(i);
    producer_op[static_cast<std::size_t>(op_at(graph, live[i]).output)] = live[i];
  }

  ExecutionPlan plan;
  std::vector<bool> taken(graph.ops.size(), false);
  XnnStep run;
  const auto flush = [&] {
    if (!run.ops.empty()) plan.steps.emplace_back(std::move(run));
    run = {};
  };
  // The op that alone reads tensor t, if t is not the graph's output.
  const auto sole_reader = [&](int t) -> int {
    const auto& r = readers[static_cast<std::size_t>(t)];
    return t != graph.output && r.size() == 1 ? r[0] : -1;
  };
  // The ADD (no activation) that alone reads t, if its other operand has t's
  // shape and is there, in full, before op k runs: a kernel running op k can
  // add it on the way.
  const auto fusable_add = [&](int t, int k) -> int {
    const int r = sole_reader(t);
    const auto* p = r >= 0 ? std::get_if<Add>(&op_at(graph, r).params) : nullptr;
    if (!p || p->activation != Activation::none) return -1;
    const Op& add = op_at(graph, r);
    const int other = add.inputs[0] == t ? add.inputs[1] : add.inputs[0];
    const int made_by = producer_op[static_cast<std::size_t>(other)];
    const bool ready = other == graph.input || (made_by >= 0 && position[static_cast<std::size_t>(made_by)] <
                                                                    position[static_cast<std::size_t>(k)]);
    return other != t && ready && tensor(graph, other).shape == tensor(graph, t).shape ? r : -1;
  };
  for (int k : live) {
    if (taken[static_cast<std::size_t>(k)]) continue;
    const Op& op = op_at(graph, k);
    if (options.own_head && own_head_fits(graph, op)) {
      const int to_space = sole_reader(op.output);
      if (to_space >= 0 && own_to_space_fits(graph, op_at(graph, to_space))) {
        flush();
        HeadStep step{k, to_space, -1};
        taken[static_cast<std::size_t>(to_space)] = true;
        const int r = sole_reader(op_at(graph, to_space).output);
        if (r >= 0 && std::holds_alternative<Logistic>(op_at(graph, r).params)) {
          step.logistic = r;
          taken[static_cast<std::size_t>(r)] = true;
        }
        plan.steps.emplace_back(step);
        continue;
      }
    }
    if (options.own_input_conv && own_input_conv_fits(graph, op)) {
      flush();
      InputConvStep step{k, -1};
      if (const int r = sole_reader(op.output); r >= 0) {
        const OpParams& next = op_at(graph, r).params;
        if (std::holds_alternative<HardSwish>(next) || std::holds_alternative<Relu>(next)) {
          step.activation = r;
          taken[static_cast<std::size_t>(r)] = true;
        }
      }
      plan.steps.emplace_back(step);
      continue;
    }
    if (options.own_mean_of_sum && std::holds_alternative<Add>(op.params) &&
        std::get<Add>(op.params).activation == Activation::none && op.inputs.size() == 2 &&
        !tensor(graph, op.inputs[0]).is_constant() && !tensor(graph, op.inputs[1]).is_constant() &&
        tensor(graph, op.inputs[0]).shape == tensor(graph, op.output).shape &&
        tensor(graph, op.inputs[1]).shape == tensor(graph, op.output).shape &&
        tensor(graph, op.output).shape.size() == 4 && tensor(graph, op.output).shape[0] == 1) {
      const int r = sole_reader(op.output);
      if (r >= 0 && is_global_mean(graph, op_at(graph, r))) {
        flush();
        taken[static_cast<std::size_t>(r)] = true;
        plan.steps.emplace_back(MeanOfSumStep{k, r});
        continue;
      }
    }
    if (options.own_upsample && own_upsample_fits(graph, op)) {
      flush();
      plan.steps.emplace_back(UpsampleStep{k});
      continue;
    }
    if (options.own_gate_add && own_gate_fits(graph, op)) {
      if (const int r = fusable_add(op.output, k); r >= 0) {
        flush();
        taken[static_cast<std::size_t>(r)] = true;
        plan.steps.emplace_back(GateAddStep{k, r});
        continue;
      }
    }
    if (!options.own_depthwise || !own_depthwise_fits(graph, op)) {
      run.ops.push_back(k);
      continue;
    }
    flush();
    DepthwiseStep step{k, -1, -1};
    int last = op.output;
    if (const int r = sole_reader(last); r >= 0) {
      const OpParams& next = op_at(graph, r).params;
      if (std::holds_alternative<HardSwish>(next) || std::holds_alternative<Relu>(next)) {
        step.activation = r;
        taken[static_cast<std::size_t>(r)] = true;
        last = op_at(graph, r).output;
      }
    }
    if (const int r = fusable_add(last, k); r >= 0) {
      step.add = r;
      taken[static_cast<std::size_t>(r)] = true;
    }
    plan.steps.emplace_back(step);
  }
  flush();

  // A tensor crosses steps when a step other than its producer reads it.
  std::vector<int> producer(graph.tensors.size(), -1);
  for (std::size_t s = 0; s < plan.steps.size(); ++s) {
    for (int k : step_ops(plan.steps[s]))
      producer[static_cast<std::size_t>(op_at(graph, k).output)] = static_cast<int>(s);
  }
  std::vector<bool> boundary(graph.tensors.size(), false);
  boundary[static_cast<std::size_t>(graph.input)] = true;
  boundary[static_cast<std::size_t>(graph.output)] = true;
  for (std::size_t s = 0; s < plan.steps.size(); ++s) {
    for (int k : step_ops(plan.steps[s])) {
      for (int t : op_at(graph, k).inputs) {
        if (tensor(graph, t).is_constant()) continue;
        if (producer[static_cast<std::size_t>(t)] != static_cast<int>(s)) boundary[static_cast<std::size_t>(t)] = true;
      }
    }
  }
  // Our kernels never write the tensors inside a step (a conv's result with
  // its activation fused): those need no memory at all.
  std::vector<bool> inside(graph.tensors.size(), false);
  for (const Step& step : plan.steps) {
    if (!std::holds_alternative<XnnStep>(step)) {
      const std::vector<int> ops = step_ops(step);
      for (std::size_t i = 0; i + 1 < ops.size(); ++i)
        inside[static_cast<std::size_t>(op_at(graph, ops[i]).output)] = true;
    }
  }
  for (std::size_t t = 0; t < boundary.size(); ++t) {
    if (options.all_external && producer[t] >= 0 && !inside[t]) boundary[t] = true;
    if (boundary[t]) plan.boundaries.push_back(static_cast<int>(t));
  }
  return plan;
}

}  // namespace fakecam::segment
