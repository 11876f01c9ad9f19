// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A dense 3x3 convolution from 3 input channels (the models' first layer:
// RGB, stride 2, to 16 channels) with its clamp and the HARD_SWISH after it,
// NHWC float. XNNPACK runs it at ~33 GMAC/s and the hard-swish as a second
// pass over the 72x128x16 result (issue 12). Here the 27 taps' weight vectors
// stay in registers for a whole output row, each input value is broadcast
// against them, and eight output pixels accumulate side by side to hide the
// FMA latency.

#include <vector>

#include "segment/kernels/epilogue.hpp"
#include "segment/kernels/isa.hpp"

namespace fakecam::segment::kernels {

struct InputConvGeometry {
  int in_h = 0, in_w = 0;  // 3 channels
  int out_c = 0;
  int stride = 1;  // 1 or 2, both axes
  int pad_top = 0, pad_left = 0;
  int out_h = 0, out_w = 0;
};

inline constexpr int kInputConvChannels = 3;
inline constexpr int kInputConvKernel = 3;

class InputConv {
 public:
  // filter: [out_c, 3, 3, 3] (TFLite's O, KH, KW, I); bias: [out_c].
  InputConv(const InputConvGeometry& geometry, const float* filter, const float* bias, Epilogue epilogue,
            Isa isa = best_isa());

  void run(const float* in, float* out) const;

  struct Rows {
    const InputConvGeometry* g;
    const float* weights;  // [27 taps (ky, kx, ci)][out_c]
    const float* bias;
    const float* zeros;  // a zero input row
    Epilogue epilogue;
    const float* in;
    float* out;
  };
  using RowKernel = void (*)(const Rows& rows, int oy);

 private:
  InputConvGeometry geometry_;
  Epilogue epilogue_;
  std::vector<float> weights_, bias_, zeros_;
  RowKernel row_kernel_ = nullptr;
};

// The plain scalar loop the kernel is tested against.
void input_conv_reference(const InputConvGeometry& g, const float* filter, const float* bias, Epilogue epilogue,
                          const float* in, float* out);

}  // namespace fakecam::segment::kernels
