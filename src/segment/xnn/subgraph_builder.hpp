// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Turns a validated Graph, or a run of its ops, into one XNNPACK subgraph:
// one value per tensor, one or more nodes per operator. The per-operator mappings live in one file
// each (conv_2d.cpp, add.cpp, ...), declared in ops.hpp.

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include <xnnpack.h>

#include "segment/graph.hpp"

namespace fakecam::segment::xnn {

struct SubgraphDeleter {
  void operator()(xnn_subgraph* s) const { xnn_delete_subgraph(s); }
};
using SubgraphPtr = std::unique_ptr<xnn_subgraph, SubgraphDeleter>;

// Throws Error("XNNPACK ... : <status>") unless status is success.
void check(xnn_status status, const char* what);
// Throws an Error naming the op when XNNPACK refuses one of its nodes.
void check_node(xnn_status status, const Op& op);

// Initialises XNNPACK once per process; throws if the CPU is unsupported.
void initialize_xnnpack();

struct Clamp {
  float min = -std::numeric_limits<float>::infinity();
  float max = std::numeric_limits<float>::infinity();
};
Clamp clamp_for(Activation activation);

// TFLite's split of SAME padding: the extra row/column goes after.
struct Pad {
  std::uint32_t before = 0, after = 0;
};
Pad same_padding(int in, int out, int kernel, int stride, int dilation);

// Height and width padding of a convolution-like op with `p`'s padding,
// strides and dilations, input/output NHWC and filter [., KH, KW, .].
struct WindowPad {
  Pad h, w;
};
template <typename Params>
WindowPad window_padding(const Shape& in, const Shape& out, const Shape& filter, const Params& p) {
  if (p.padding != Padding::same) return {};
  return {same_padding(in[1], out[1], filter[1], p.stride_h, p.dilation_h),
          same_padding(in[2], out[2], filter[2], p.stride_w, p.dilation_w)};
}

// The ops the graph's output depends on, in execution order. A model may
// compute tensors nobody reads (TFLite allows it); XNNPACK allocates no
// memory for such a value and then aborts when its producer is set up, so
// dead ops are left out.
std::vector<int> live_ops(const Graph& graph);

class SubgraphBuilder {
 public:
  // The graph must outlive the subgraph and any runtime made from it: XNNPACK
  // keeps pointers to constant data. `externals` are the tensors bound to
  // buffers of the caller's (xnn_setup_runtime), their external value id
  // being their position here: external outputs if one of the ops built
  // produces them, external inputs otherwise.
  SubgraphBuilder(const Graph& graph, std::vector<int> externals);

  // XNNPACK value id of a tensor, defining it on first use. `dims` overrides
  // the tensor's own shape (same element count), for nodes that want a
  // different view of it.
  std::uint32_t value(int tensor);
  std::uint32_t value(int tensor, const std::vector<std::size_t>& dims);

  const Graph& graph() const { return graph_; }
  const Shape& shape(int tensor) const { return graph_.tensors[static_cast<std::size_t>(tensor)].shape; }
  xnn_subgraph_t get() { return subgraph_.get(); }

  // Defines `ops` (indices into graph().ops, in execution order) and every
  // external; returns the finished subgraph.
  SubgraphPtr build(const std::vector<int>& ops) &&;

 private:
  const Graph& graph_;
  std::vector<int> externals_;
  std::vector<bool> produced_;  // by tensor: made by one of the ops being built
  SubgraphPtr subgraph_;
  std::vector<std::uint32_t> ids_;
};

}  // namespace fakecam::segment::xnn
