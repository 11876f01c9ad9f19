// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A depthwise convolution (depth multiplier 1, square 3x3 or 5x5 kernel,
// stride 1 or 2, any zero padding) with what follows it done on the value
// still in a register: the op's own clamp (RELU, RELU6), optionally a
// following HARD_SWISH, then optionally the ADD of a same-shape tensor (a
// residual sum). NHWC float, one output row at a time, so the K
// input rows it reads stay in L1 across all channel blocks of the row.
//
// XNNPACK's depthwise kernel reloads every weight for every output pixel and
// runs the hard-swish as a second pass over memory; here a channel block's
// weights stay in registers for a whole row and neighbouring outputs share
// their input loads (issue 12).

#include <vector>

#include "segment/kernels/epilogue.hpp"
#include "segment/kernels/isa.hpp"

namespace fakecam::segment::kernels {

struct DepthwiseGeometry {
  int in_h = 0, in_w = 0, channels = 0;
  int kernel = 3;  // KxK
  int stride = 1;  // the same along both axes
  int pad_top = 0, pad_left = 0;
  int out_h = 0, out_w = 0;
};

// Whether DepthwiseConv runs this kernel size and stride.
bool depthwise_supported(int kernel, int stride);

class DepthwiseConv {
 public:
  // filter: [K, K, C] (TFLite's [1, K, K, C]); bias: [C]. Both are copied.
  DepthwiseConv(const DepthwiseGeometry& geometry, const float* filter, const float* bias, Epilogue epilogue,
                Isa isa = best_isa());

  // in: [in_h, in_w, C]; out and residual: [out_h, out_w, C]; residual
  // (optional) is added last. None is read past its end; out may not
  // overlap the others.
  void run(const float* in, float* out, const float* residual = nullptr) const;

  const DepthwiseGeometry& geometry() const { return geometry_; }
  Isa isa() const { return isa_; }

  // The arguments of one output row's kernel (the implementation's, public
  // for the per-ISA functions in the .cpp file).
  struct Rows {
    const DepthwiseGeometry* g;
    const float* filter;
    const float* bias;
    const float* zeros;  // a zero input row: stands for the rows above and below the input
    Epilogue epilogue;
    const float* in;
    float* out;
    const float* residual;  // or null
  };
  using RowKernel = void (*)(const Rows& rows, int oy);

 private:
  DepthwiseGeometry geometry_;
  Epilogue epilogue_;
  Isa isa_;
  std::vector<float> filter_, bias_, zeros_;
  RowKernel row_kernel_ = nullptr;
};

// The plain scalar loop the kernels are tested against: the same formula, no
// vectors, no edge splitting.
void depthwise_reference(const DepthwiseGeometry& g, const float* filter, const float* bias, Epilogue epilogue,
                         const float* in, float* out, const float* residual = nullptr);

}  // namespace fakecam::segment::kernels
