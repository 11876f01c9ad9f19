// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A RELU that alone reads the result of an op with a fused activation slot
// (CONV_2D, DEPTHWISE_CONV_2D, ADD, MUL) left empty becomes that op's
// activation. XNNPACK's subgraph does the same clamp fusion by itself, but
// only for values it owns: the Engine keeps every tensor in its own arena
// (tensor_arena.hpp), so it folds them first. Same arithmetic: a clamp at 0
// on the op's result either way.

#include "segment/graph.hpp"

namespace fakecam::segment {

// Rewrites `graph` in place (the RELUs are removed, their producers write
// their output tensor). Returns how many were folded.
int fold_relus(Graph& graph);

}  // namespace fakecam::segment
