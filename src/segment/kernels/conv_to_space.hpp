// SPDX-License-Identifier: GPL-3.0-or-later
// The selfie models' last three ops in one pass: a 1x1 convolution from C
// channels to 4, DEPTH_TO_SPACE with block 2 (the folded transposed
// convolution, fold_transpose_conv.hpp) and optionally the LOGISTIC of the
// mask. XNNPACK runs them as a GEMM only 4 outputs wide, a copy and a third
// pass over the full-resolution mask (~0.1 ms of the landscape model's ~1.1,
// issue 12); here each input pixel makes its 2x2 output block directly, and
// the sigmoid runs over two output rows while they are in L1.
#pragma once

#include <vector>

#include "segment/kernels/isa.hpp"

namespace fakecam::segment::kernels {

class ConvToSpace {
 public:
  // Input [h, w, channels]; filter [4, channels] (TFLite's [4, 1, 1, C]),
  // output channel by*2 + bx going to output pixel (2y + by, 2x + bx);
  // bias [4]. Output [2h, 2w].
  ConvToSpace(int h, int w, int channels, const float* filter, const float* bias, bool sigmoid, Isa isa = best_isa());

  void run(const float* in, float* out) const;

  Isa isa() const { return isa_; }

  struct Args {
    int h, w, channels;
    const float* weights;  // [channels][4]: the four outputs' weights of one input channel together
    const float* bias;
    bool sigmoid;
    const float* in;
    float* out;
  };
  using RowKernel = void (*)(const Args& args, int y);

 private:
  int h_, w_, channels_;
  bool sigmoid_;
  Isa isa_;
  std::vector<float> weights_, bias_;
  RowKernel row_kernel_ = nullptr;
};

// The plain scalar loops the kernel is tested against (std::exp sigmoid).
void conv_to_space_reference(int h, int w, int channels, const float* filter, const float* bias, bool sigmoid,
                             const float* in, float* out);

}  // namespace fakecam::segment::kernels
