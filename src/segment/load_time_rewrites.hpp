// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The rewrites Segmenter applies to a model after loading it: each computes
// the same function faster (within float rounding). One list, so the
// benchmarks and tests run the graph the program runs.

#include "segment/graph.hpp"

namespace fakecam::segment {

// fold_transpose_conv.hpp, then conv_before_upsample.hpp. (The Engine folds
// RELUs itself: fold_relu.hpp.)
void apply_load_time_rewrites(Graph& graph);

}  // namespace fakecam::segment
