// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/engine.hpp"

#include <algorithm>
#include <cstdint>

#include "segment/fold_relu.hpp"
#include "segment/kernels/gate_add.hpp"
#include "segment/kernels/mean_of_sum.hpp"
#include "segment/tensor_arena.hpp"
#include "segment/xnn/subgraph_builder.hpp"

namespace fakecam::segment {

namespace {
template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

const Shape& shape_of(const Graph& g, int t) { return g.tensors[static_cast<std::size_t>(t)].shape; }

// The op's own clamp, then the fused activation op's (HARD_SWISH or RELU).
kernels::Epilogue epilogue_for(const Graph& g, Activation own, int activation_op) {
  const xnn::Clamp clamp = xnn::clamp_for(own);
  kernels::Epilogue epilogue{.min = clamp.min, .max = clamp.max};
  if (activation_op >= 0) {
    const OpParams& next = g.ops[static_cast<std::size_t>(activation_op)].params;
    if (std::holds_alternative<HardSwish>(next)) epilogue.hard_swish = true;
    if (std::holds_alternative<Relu>(next)) epilogue.min = std::max(epilogue.min, 0.0f);
  }
  return epilogue;
}

kernels::DepthwiseConv make_depthwise(const Graph& g, const DepthwiseStep& step) {
  const Op& op = g.ops[static_cast<std::size_t>(step.conv)];
  const auto& p = std::get<DepthwiseConv2D>(op.params);
  const Shape& in = shape_of(g, op.inputs[0]);
  const Shape& filter = shape_of(g, op.inputs[1]);
  const Shape& out = shape_of(g, op.output);
  const auto pad = xnn::window_padding(in, out, filter, p);
  kernels::DepthwiseGeometry geometry{.in_h = in[1],
                                      .in_w = in[2],
                                      .channels = in[3],
                                      .kernel = filter[1],
                                      .stride = p.stride_h,
                                      .pad_top = static_cast<int>(pad.h.before),
                                      .pad_left = static_cast<int>(pad.w.before),
                                      .out_h = out[1],
                                      .out_w = out[2]};
  return kernels::DepthwiseConv(geometry, g.tensors[static_cast<std::size_t>(op.inputs[1])].data.data(),
                                g.tensors[static_cast<std::size_t>(op.inputs[2])].data.data(),
                                epilogue_for(g, p.activation, step.activation));
}

// The non-constant tensors the ops of an XNNPACK step read or write.
std::vector<int> touched(const Graph& g, const XnnStep& step) {
  std::vector<int> ts;
  for (int k : step.ops) {
    const Op& op = g.ops[static_cast<std::size_t>(k)];
    for (int t : op.inputs) {
      if (!g.tensors[static_cast<std::size_t>(t)].is_constant()) ts.push_back(t);
    }
    ts.push_back(op.output);
  }
  std::sort(ts.begin(), ts.end());
  ts.erase(std::unique(ts.begin(), ts.end()), ts.end());
  return ts;
}

Graph with_relus_folded(Graph graph) {
  fold_relus(graph);
  return graph;
}

}  // namespace

Engine::Engine(Graph graph, int threads, PlanOptions options)
    : graph_(with_relus_folded(std::move(graph))),
      plan_(plan_execution(graph_, options)),
      at_(graph_.tensors.size(), nullptr) {
  xnn::initialize_xnnpack();
  threadpool_ = xnn::make_threadpool(threads);
  const ArenaLayout layout = plan_arena(boundary_lives(graph_, plan_));
  // The slack after the last tensor covers XNNPACK's reads past a buffer.
  arena_.assign(layout.size + kArenaAlign + XNN_EXTRA_BYTES / sizeof(float), 0.0f);
  // 64-byte aligned start: the offsets keep every tensor so.
  float* base = arena_.data();
  while (reinterpret_cast<std::uintptr_t>(base) % 64 != 0) ++base;
  for (std::size_t i = 0; i < plan_.boundaries.size(); ++i)
    at_[static_cast<std::size_t>(plan_.boundaries[i])] = base + layout.offsets[i];
  for (const Step& step : plan_.steps) {
    if (const auto* x = std::get_if<XnnStep>(&step)) {
      // Its tensors that live in the arena: what crosses steps.
      std::vector<int> externals;
      for (int t : touched(graph_, *x)) {
        if (at_[static_cast<std::size_t>(t)]) externals.push_back(t);
      }
      add_xnnpack(x->ops, externals);
    } else if (const auto* d = std::get_if<DepthwiseStep>(&step)) {
      add_depthwise(*d, options);
    } else if (const auto* h = std::get_if<HeadStep>(&step)) {
      add_head(*h, options);
    } else if (const auto* m = std::get_if<GateAddStep>(&step)) {
      add_gate_add(*m, options);
    } else if (const auto* i = std::get_if<InputConvStep>(&step)) {
      add_input_conv(*i, options);
    } else if (const auto* mean = std::get_if<MeanOfSumStep>(&step)) {
      add_mean_of_sum(*mean, options);
    } else {
      add_upsample(std::get<UpsampleStep>(step), options);
    }
  }
}

void Engine::add_xnnpack(const std::vector<int>& ops, const std::vector<int>& externals) {
  std::vector<float*> bound;
  for (int t : externals) bound.push_back(buffer(t));
  parts_.emplace_back(std::in_place_type<xnn::PartRuntime>, graph_, ops, externals, bound, threadpool_.get());
}

void Engine::add_depthwise(const DepthwiseStep& step, const PlanOptions& options) {
  const int in = graph_.ops[static_cast<std::size_t>(step.conv)].inputs[0];
  const int out = step_output(graph_, step);
  const int residual = step_residual(graph_, step);
  if (options.cuts_only) {
    std::vector<int> externals{in, out};
    if (residual >= 0 && residual != in) externals.push_back(residual);
    add_xnnpack(step_ops(step), externals);
    return;
  }
  parts_.emplace_back(
      OwnDepthwise{make_depthwise(graph_, step), buffer(in), buffer(out), residual >= 0 ? buffer(residual) : nullptr});
}

void Engine::add_head(const HeadStep& step, const PlanOptions& options) {
  const Op& conv = graph_.ops[static_cast<std::size_t>(step.conv)];
  const int in = conv.inputs[0];
  const int out = step_output(graph_, step);
  if (options.cuts_only) {
    add_xnnpack(step_ops(step), {in, out});
    return;
  }
  const Shape& shape = shape_of(graph_, in);
  const float* filter = graph_.tensors[static_cast<std::size_t>(conv.inputs[1])].data.data();
  const float* bias = graph_.tensors[static_cast<std::size_t>(conv.inputs[2])].data.data();
  parts_.emplace_back(OwnHead{kernels::ConvToSpace(shape[1], shape[2], shape[3], filter, bias, step.logistic >= 0),
                              buffer(in), buffer(out)});
}

void Engine::add_gate_add(const GateAddStep& step, const PlanOptions& options) {
  const GateAddOperands t = gate_add_operands(graph_, step);
  if (options.cuts_only) {
    std::vector<int> externals{t.x, t.y, t.out};
    if (!graph_.tensors[static_cast<std::size_t>(t.gate)].is_constant()) externals.push_back(t.gate);
    add_xnnpack(step_ops(step), externals);
    return;
  }
  const Tensor& gate = graph_.tensors[static_cast<std::size_t>(t.gate)];
  const Shape& shape = shape_of(graph_, t.x);
  parts_.emplace_back(OwnGateAdd{buffer(t.x), gate.is_constant() ? gate.data.data() : buffer(t.gate), buffer(t.y),
                                 buffer(t.out), shape[1] * shape[2], shape[3]});
}

void Engine::add_input_conv(const InputConvStep& step, const PlanOptions& options) {
  const Op& op = graph_.ops[static_cast<std::size_t>(step.conv)];
  const int in = op.inputs[0];
  const int out = step_output(graph_, step);
  if (options.cuts_only) {
    add_xnnpack(step_ops(step), {in, out});
    return;
  }
  const auto& p = std::get<Conv2D>(op.params);
  const Shape& in_shape = shape_of(graph_, in);
  const Shape& filter = shape_of(graph_, op.inputs[1]);
  const Shape& out_shape = shape_of(graph_, op.output);
  const auto pad = xnn::window_padding(in_shape, out_shape, filter, p);
  const kernels::InputConvGeometry geometry{.in_h = in_shape[1],
                                            .in_w = in_shape[2],
                                            .out_c = out_shape[3],
                                            .stride = p.stride_h,
                                            .pad_top = static_cast<int>(pad.h.before),
                                            .pad_left = static_cast<int>(pad.w.before),
                                            .out_h = out_shape[1],
                                            .out_w = out_shape[2]};
  parts_.emplace_back(
      OwnInputConv{kernels::InputConv(geometry, graph_.tensors[static_cast<std::size_t>(op.inputs[1])].data.data(),
                                      graph_.tensors[static_cast<std::size_t>(op.inputs[2])].data.data(),
                                      epilogue_for(graph_, p.activation, step.activation)),
                   buffer(in), buffer(out)});
}

void Engine::add_mean_of_sum(const MeanOfSumStep& step, const PlanOptions& options) {
  const Op& add = graph_.ops[static_cast<std::size_t>(step.add)];
  const int mean = graph_.ops[static_cast<std::size_t>(step.mean)].output;
  const int a = add.inputs[0], b = add.inputs[1];
  if (options.cuts_only) {
    std::vector<int> externals{a, mean};
    if (b != a) externals.push_back(b);
    add_xnnpack(step_ops(step), externals);
    return;
  }
  const Shape& shape = shape_of(graph_, add.output);
  parts_.emplace_back(OwnMeanOfSum{buffer(a), buffer(b), buffer(mean), shape[1], shape[2], shape[3]});
}

void Engine::add_upsample(const UpsampleStep& step, const PlanOptions& options) {
  const Op& op = graph_.ops[static_cast<std::size_t>(step.resize)];
  const int in = op.inputs[0];
  if (options.cuts_only) {
    add_xnnpack({step.resize}, {in, op.output});
    return;
  }
  const Shape& shape = shape_of(graph_, in);
  parts_.emplace_back(OwnUpsample{kernels::Upsample2x(shape[1], shape[2], shape[3]), buffer(in), buffer(op.output)});
}

const Shape& Engine::input_shape() const { return shape_of(graph_, graph_.input); }
const Shape& Engine::output_shape() const { return shape_of(graph_, graph_.output); }

void Engine::run() {
  for (Part& part : parts_) {
    std::visit(
        Overloaded{[](xnn::PartRuntime& r) { r.run(); }, [](OwnDepthwise& d) { d.conv.run(d.in, d.out, d.residual); },
                   [](OwnHead& h) { h.head.run(h.in, h.out); },
                   [](OwnGateAdd& g) { kernels::gate_add(g.x, g.gate, g.y, g.out, g.pixels, g.channels); },
                   [](OwnInputConv& c) { c.conv.run(c.in, c.out); },
                   [](OwnMeanOfSum& m) { kernels::mean_of_sum(m.a, m.b, m.mean, m.h, m.w, m.channels); },
                   [](OwnUpsample& u) { u.up.run(u.in, u.out); }},
        part);
  }
}

}  // namespace fakecam::segment
