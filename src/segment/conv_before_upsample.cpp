// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/conv_before_upsample.hpp"

#include <cstddef>
#include <utility>

namespace fakecam::segment {

namespace {

const Tensor& tensor(const Graph& g, int index) { return g.tensors[static_cast<std::size_t>(index)]; }

// A pointwise affine map: what commutes with interpolation. More output
// channels than input channels would make the resize dearer than the
// convolution's saving, so those stay as they are.
bool pointwise_without_growth(const Graph& g, const Op& op) {
  const auto* p = std::get_if<Conv2D>(&op.params);
  if (p == nullptr || p->activation != Activation::none || p->stride_h != 1 || p->stride_w != 1) return false;
  const Shape& filter = tensor(g, op.inputs[1]).shape;  // [O, KH, KW, I]
  return filter.size() == 4 && filter[1] == 1 && filter[2] == 1 && filter[0] <= filter[3] &&
         tensor(g, op.inputs[1]).is_constant() && tensor(g, op.inputs[2]).is_constant();
}

}  // namespace

int convs_before_upsampling(Graph& graph) {
  std::vector<int> readers(graph.tensors.size(), 0);
  std::vector<int> reader(graph.tensors.size(), -1);  // the last op reading each tensor
  for (std::size_t k = 0; k < graph.ops.size(); ++k) {
    for (int t : graph.ops[k].inputs) {
      ++readers[static_cast<std::size_t>(t)];
      reader[static_cast<std::size_t>(t)] = static_cast<int>(k);
    }
  }
  int swapped = 0;
  for (std::size_t k = 0; k < graph.ops.size(); ++k) {
    Op& resize = graph.ops[k];
    if (!std::holds_alternative<ResizeBilinear>(resize.params)) continue;
    const auto upsampled = static_cast<std::size_t>(resize.output);
    if (readers[upsampled] != 1 || resize.output == graph.output) continue;
    Op& conv = graph.ops[static_cast<std::size_t>(reader[upsampled])];
    if (conv.inputs[0] != resize.output || !pointwise_without_growth(graph, conv)) continue;
    // The small convolution's output: the resize's input shape with the
    // convolution's channels.
    Shape small = tensor(graph, resize.inputs[0]).shape;
    small.back() = tensor(graph, conv.output).shape.back();
    graph.tensors.push_back(Tensor{tensor(graph, conv.output).name + "/before_resize", std::move(small), {}});
    const int mid = static_cast<int>(graph.tensors.size()) - 1;
    // The convolution takes the resize's place in the order (its input is
    // ready there) and the resize the convolution's (its output was due
    // there). The upsampled tensor is no longer made or read.
    const int input = resize.inputs[0];
    const int output = conv.output;
    std::swap(resize, conv);
    Op& first = graph.ops[k];  // the convolution now
    Op& second = graph.ops[static_cast<std::size_t>(reader[upsampled])];
    first.inputs[0] = input;
    first.output = mid;
    second.inputs[0] = mid;
    second.output = output;
    ++swapped;
  }
  return swapped;
}

}  // namespace fakecam::segment
