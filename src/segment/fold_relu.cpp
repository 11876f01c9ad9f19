// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/fold_relu.hpp"

namespace fakecam::segment {

namespace {
// The producer's activation slot, if it has one and it is empty.
Activation* empty_activation(OpParams& params) {
  Activation* a = nullptr;
  if (auto* p = std::get_if<Conv2D>(&params)) a = &p->activation;
  if (auto* p = std::get_if<DepthwiseConv2D>(&params)) a = &p->activation;
  if (auto* p = std::get_if<Add>(&params)) a = &p->activation;
  if (auto* p = std::get_if<Mul>(&params)) a = &p->activation;
  return a && *a == Activation::none ? a : nullptr;
}
}  // namespace

int fold_relus(Graph& graph) {
  std::vector<int> readers(graph.tensors.size(), 0);
  std::vector<int> producer(graph.tensors.size(), -1);
  for (std::size_t k = 0; k < graph.ops.size(); ++k) {
    for (int t : graph.ops[k].inputs) ++readers[static_cast<std::size_t>(t)];
    producer[static_cast<std::size_t>(graph.ops[k].output)] = static_cast<int>(k);
  }
  std::vector<bool> removed(graph.ops.size(), false);
  int folded = 0;
  for (std::size_t k = 0; k < graph.ops.size(); ++k) {
    const Op& relu = graph.ops[k];
    if (!std::holds_alternative<Relu>(relu.params)) continue;
    const int t = relu.inputs[0];
    const int p = producer[static_cast<std::size_t>(t)];
    if (p < 0 || readers[static_cast<std::size_t>(t)] != 1 || t == graph.output) continue;
    Op& source = graph.ops[static_cast<std::size_t>(p)];
    Activation* slot = empty_activation(source.params);
    if (!slot) continue;
    *slot = Activation::relu;
    source.output = relu.output;
    producer[static_cast<std::size_t>(relu.output)] = p;
    removed[k] = true;
    ++folded;
  }
  std::vector<Op> kept;
  for (std::size_t k = 0; k < graph.ops.size(); ++k) {
    if (!removed[k]) kept.push_back(std::move(graph.ops[k]));
  }
  graph.ops = std::move(kept);
  return folded;
}

}  // namespace fakecam::segment
