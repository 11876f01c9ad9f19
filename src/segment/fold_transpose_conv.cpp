// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/fold_transpose_conv.hpp"

#include <cstddef>
#include <utility>

namespace fakecam::segment {

namespace {

const Tensor& tensor(const Graph& g, int index) { return g.tensors[static_cast<std::size_t>(index)]; }

// Kernel == stride, one block size for both axes, output exactly in*stride:
// then (SAME or VALID alike) nothing is cropped and no blocks overlap.
bool foldable(const Graph& g, const Op& op) {
  const auto* p = std::get_if<TransposeConvBias>(&op.params);
  if (p == nullptr || p->stride_h != p->stride_w) return false;
  const Shape& in = tensor(g, op.inputs[0]).shape;
  const Shape& filter = tensor(g, op.inputs[1]).shape;  // [O, KH, KW, I]
  const Shape& out = tensor(g, op.output).shape;
  return filter[1] == p->stride_h && filter[2] == p->stride_w && out[1] == in[1] * p->stride_h &&
         out[2] == in[2] * p->stride_w && tensor(g, op.inputs[1]).is_constant() &&
         tensor(g, op.inputs[2]).is_constant();
}

int add_tensor(Graph& g, std::string name, Shape shape, std::vector<float> data) {
  g.tensors.push_back(Tensor{std::move(name), std::move(shape), std::move(data)});
  return static_cast<int>(g.tensors.size()) - 1;
}

// The 1x1 convolution and the DEPTH_TO_SPACE that replace `op`.
std::pair<Op, Op> fold(Graph& g, const Op& op) {
  const int block = std::get<TransposeConvBias>(op.params).stride_h;
  const Tensor& filter = tensor(g, op.inputs[1]);
  const Tensor& bias = tensor(g, op.inputs[2]);
  const int out_ch = filter.shape[0];
  const int in_ch = filter.shape[3];
  const int folded_ch = block * block * out_ch;
  // Channel (by*B + bx)*O + o of the 1x1 conv is output channel o at block
  // position (by, bx): DEPTH_TO_SPACE's order.
  std::vector<float> weights(static_cast<std::size_t>(folded_ch) * static_cast<std::size_t>(in_ch));
  std::vector<float> biases(static_cast<std::size_t>(folded_ch));
  for (int by = 0; by < block; ++by) {
    for (int bx = 0; bx < block; ++bx) {
      for (int o = 0; o < out_ch; ++o) {
        const auto folded = static_cast<std::size_t>((by * block + bx) * out_ch + o);
        biases[folded] = bias.data[static_cast<std::size_t>(o)];
        for (int i = 0; i < in_ch; ++i) {
          const auto src = static_cast<std::size_t>(((o * block + by) * block + bx) * in_ch + i);
          weights[folded * static_cast<std::size_t>(in_ch) + static_cast<std::size_t>(i)] = filter.data[src];
        }
      }
    }
  }
  const std::string name = tensor(g, op.output).name;
  Shape mid_shape = tensor(g, op.inputs[0]).shape;
  mid_shape[3] = folded_ch;
  const int w = add_tensor(g, name + "/folded_filter", {folded_ch, 1, 1, in_ch}, std::move(weights));
  const int b = add_tensor(g, name + "/folded_bias", {folded_ch}, std::move(biases));
  const int mid = add_tensor(g, name + "/before_depth_to_space", std::move(mid_shape), {});
  Op conv{Conv2D{.padding = Padding::valid}, {op.inputs[0], w, b}, mid, op.source_index};
  Op shuffle{DepthToSpace{block}, {mid}, op.output, op.source_index};
  return {std::move(conv), std::move(shuffle)};
}

}  // namespace

int fold_transpose_convs(Graph& graph) {
  std::vector<Op> ops;
  ops.reserve(graph.ops.size() + 1);
  int folded = 0;
  for (Op& op : graph.ops) {
    if (!foldable(graph, op)) {
      ops.push_back(std::move(op));
      continue;
    }
    auto [conv, shuffle] = fold(graph, op);
    ops.push_back(std::move(conv));
    ops.push_back(std::move(shuffle));
    ++folded;
  }
  graph.ops = std::move(ops);
  return folded;
}

}  // namespace fakecam::segment
