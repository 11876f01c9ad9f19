// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One function per operator, each mapping a Graph op onto XNNPACK nodes.

#include "segment/graph.hpp"
#include "segment/xnn/subgraph_builder.hpp"

namespace fakecam::segment::xnn {

void define_conv_2d(SubgraphBuilder& b, const Op& op, const Conv2D& p);
void define_depthwise_conv_2d(SubgraphBuilder& b, const Op& op, const DepthwiseConv2D& p);
void define_transpose_conv_bias(SubgraphBuilder& b, const Op& op, const TransposeConvBias& p);
void define_average_pool_2d(SubgraphBuilder& b, const Op& op, const AveragePool2D& p);
void define_mean(SubgraphBuilder& b, const Op& op, const MeanHW& p);
void define_add(SubgraphBuilder& b, const Op& op, const Add& p);
void define_mul(SubgraphBuilder& b, const Op& op, const Mul& p);
void define_resize_bilinear(SubgraphBuilder& b, const Op& op, const ResizeBilinear& p);
void define_depth_to_space(SubgraphBuilder& b, const Op& op, const DepthToSpace& p);
void define_hard_swish(SubgraphBuilder& b, const Op& op, const HardSwish& p);
void define_relu(SubgraphBuilder& b, const Op& op, const Relu& p);
void define_logistic(SubgraphBuilder& b, const Op& op, const Logistic& p);

}  // namespace fakecam::segment::xnn
