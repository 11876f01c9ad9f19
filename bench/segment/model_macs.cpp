// SPDX-License-Identifier: GPL-3.0-or-later
#include "model_macs.hpp"

#include <variant>

namespace fakecam::bench {

using namespace fakecam::segment;

std::int64_t model_macs(const Graph& graph) {
  const auto shape = [&](int tensor) -> const Shape& { return graph.tensors[static_cast<std::size_t>(tensor)].shape; };
  const auto count = [&](int tensor) { return static_cast<std::int64_t>(element_count(shape(tensor))); };
  std::int64_t macs = 0;
  for (const Op& op : graph.ops) {
    if (std::holds_alternative<Conv2D>(op.params)) {
      const Shape& f = shape(op.inputs[1]);  // [O, KH, KW, I]
      macs += count(op.output) * f[1] * f[2] * f[3];
    } else if (std::holds_alternative<DepthwiseConv2D>(op.params)) {
      const Shape& f = shape(op.inputs[1]);  // [1, KH, KW, C]
      macs += count(op.output) * f[1] * f[2];
    } else if (std::holds_alternative<TransposeConvBias>(op.params)) {
      // Every input pixel meets every filter weight once.
      const Shape& in = shape(op.inputs[0]);
      macs += static_cast<std::int64_t>(in[1]) * in[2] * count(op.inputs[1]);
    }
  }
  return macs;
}

}  // namespace fakecam::bench
