// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/load_time_rewrites.hpp"

#include "segment/conv_before_upsample.hpp"
#include "segment/fold_transpose_conv.hpp"

namespace fakecam::segment {

void apply_load_time_rewrites(Graph& graph) {
  fold_transpose_convs(graph);
  convs_before_upsampling(graph);
}

}  // namespace fakecam::segment
