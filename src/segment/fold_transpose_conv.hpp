// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A transposed convolution whose kernel equals its stride (MediaPipe's final
// 2x2 stride-2 upsampling, 16 -> 1 channels) has no overlap and no padding:
// each input pixel alone makes an SxS output block. That is a 1x1
// convolution to S*S*O channels followed by DEPTH_TO_SPACE, which XNNPACK
// runs as a dense GEMM and a copy instead of its slow deconvolution path
// (issue 12: 4.3 GMAC/s, 0.04-0.09 ms saved per inference).

#include "segment/graph.hpp"

namespace fakecam::segment {

// Rewrites every such TransposeConvBias of `graph` in place (new weight,
// bias and intermediate tensors are appended); other ops are left alone.
// Returns how many were folded.
int fold_transpose_convs(Graph& graph);

}  // namespace fakecam::segment
