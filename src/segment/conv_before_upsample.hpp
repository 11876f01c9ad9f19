// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The decoders of both selfie models upsample (RESIZE_BILINEAR, 2x) and then
// apply a 1x1 convolution without activation. Both are linear per pixel and
// the resize's weights sum to one, so the bias passes through it too:
// conv(resize(x)) = resize(conv(x)). Run the other way round, the
// convolution works on a quarter of the pixels and the resize on the
// convolution's channels (16 instead of 24 where the channels shrink):
// 0.1 ms of the general model's 1.4 (bench/segment, twelfth session).
// The result differs by float rounding only.

#include "segment/graph.hpp"

namespace fakecam::segment {

// Rewrites `graph` in place: each RESIZE_BILINEAR whose output only a 1x1
// convolution (stride 1, no activation, no more output channels than input
// channels) reads trades places with it; a new tensor holds the small
// convolution's output. Returns how many pairs were swapped.
int convs_before_upsampling(Graph& graph);

}  // namespace fakecam::segment
