// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// RESIZE_BILINEAR to twice the size with half-pixel centres (the decoder's
// three upsamplings): every output is 3/4 of its nearest input and 1/4 of the
// next one out along each axis, the edges repeated. XNNPACK's general resize
// works out four weights and four pointers per output pixel (0.05 ms for
// the landscape model's 36x64x16 -> 72x128x16, issue 12); here one input row
// pair is blended once into a scratch row, then each scratch pixel makes two
// outputs.

#include <vector>

#include "segment/kernels/isa.hpp"

namespace fakecam::segment::kernels {

class Upsample2x {
 public:
  // Input [h, w, channels]; output [2h, 2w, channels].
  Upsample2x(int h, int w, int channels, Isa isa = best_isa());

  // Not const: the scratch row is the object's.
  void run(const float* in, float* out);

  struct Args {
    int h, w, channels;
    const float* in;
    float* out;
    float* scratch;  // w * channels
  };
  using RowKernel = void (*)(const Args& args, int oy);

 private:
  int h_, w_, channels_;
  std::vector<float> scratch_;
  RowKernel row_kernel_ = nullptr;
};

// TensorFlow's half-pixel bilinear resize, in general form, for the tests.
void resize_bilinear_half_pixel_reference(int h, int w, int channels, int out_h, int out_w, const float* in,
                                          float* out);

}  // namespace fakecam::segment::kernels
