// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/graph.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace fakecam::segment {

std::size_t element_count(const Shape& shape) {
  std::size_t n = 1;
  for (int d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

std::string shape_string(const Shape& shape) { return fmt::format("[{}]", fmt::join(shape, ",")); }

namespace {
struct NameOf {
  const char* operator()(const Conv2D&) const { return "CONV_2D"; }
  const char* operator()(const DepthwiseConv2D&) const { return "DEPTHWISE_CONV_2D"; }
  const char* operator()(const TransposeConvBias&) const { return "Convolution2DTransposeBias"; }
  const char* operator()(const AveragePool2D&) const { return "AVERAGE_POOL_2D"; }
  const char* operator()(const MeanHW&) const { return "MEAN"; }
  const char* operator()(const Add&) const { return "ADD"; }
  const char* operator()(const Mul&) const { return "MUL"; }
  const char* operator()(const ResizeBilinear&) const { return "RESIZE_BILINEAR"; }
  const char* operator()(const DepthToSpace&) const { return "DEPTH_TO_SPACE"; }
  const char* operator()(const HardSwish&) const { return "HARD_SWISH"; }
  const char* operator()(const Relu&) const { return "RELU"; }
  const char* operator()(const Logistic&) const { return "LOGISTIC"; }
};
}  // namespace

const char* op_name(const OpParams& params) { return std::visit(NameOf{}, params); }

}  // namespace fakecam::segment
