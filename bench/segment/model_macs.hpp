// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Multiply-adds of one inference: the work a Graph asks for, to turn a time
// into GMAC/s. Convolutions only (plain, depthwise, transposed); the
// elementwise ops, pools and resizes are not MACs and their time counts as
// overhead, which is what a ratio against the FMA peak should show.

#include <cstdint>

#include "segment/graph.hpp"

namespace fakecam::bench {

std::int64_t model_macs(const segment::Graph& graph);

}  // namespace fakecam::bench
