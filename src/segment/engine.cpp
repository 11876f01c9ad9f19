// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/engine.hpp"

#include <algorithm>

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
  const xnn::Clamp clamp = xnn::clamp_for(p.activation);
  kernels::Epilogue epilogue{.min = clamp.min, .max = clamp.max};
  if (step.activation >= 0) {
    const OpParams& next = g.ops[static_cast<std::size_t>(step.activation)].params;
    if (std::holds_alternative<HardSwish>(next)) epilogue.hard_swish = true;
    if (std::holds_alternative<Relu>(next)) epilogue.min = std::max(epilogue.min, 0.0f);
  }
  return kernels::DepthwiseConv(geometry, g.tensors[static_cast<std::size_t>(op.inputs[1])].data.data(),
                                g.tensors[static_cast<std::size_t>(op.inputs[2])].data.data(), epilogue);
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
}  // namespace

Engine::Engine(Graph graph, int threads, PlanOptions options)
    : graph_(std::move(graph)), plan_(plan_execution(graph_, options)), buffers_(graph_.tensors.size()) {
  xnn::initialize_xnnpack();
  threadpool_ = xnn::make_threadpool(threads);
  for (int t : plan_.boundaries) buffers_[static_cast<std::size_t>(t)] = xnn::padded_buffer(shape_of(graph_, t));
  for (const Step& step : plan_.steps) {
    std::visit(
        Overloaded{
            [&](const XnnStep& s) {
              std::vector<int> externals;
              std::vector<float*> bound;
              for (int t : touched(graph_, s)) {
                if (buffers_[static_cast<std::size_t>(t)].empty()) continue;
                externals.push_back(t);
                bound.push_back(buffer(t));
              }
              parts_.emplace_back(std::in_place_type<xnn::PartRuntime>, graph_, s.ops, externals, bound,
                                  threadpool_.get());
            },
            [&](const DepthwiseStep& s) {
              const int in = graph_.ops[static_cast<std::size_t>(s.conv)].inputs[0];
              parts_.emplace_back(OwnDepthwise{make_depthwise(graph_, s), buffer(in), buffer(step_output(graph_, s))});
            }},
        step);
  }
}

const Shape& Engine::input_shape() const { return shape_of(graph_, graph_.input); }
const Shape& Engine::output_shape() const { return shape_of(graph_, graph_.output); }

void Engine::run() {
  for (Part& part : parts_) {
    std::visit(Overloaded{[](xnn::PartRuntime& r) { r.run(); }, [](OwnDepthwise& d) { d.conv.run(d.in, d.out); }},
               part);
  }
}

}  // namespace fakecam::segment
