// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The channel means of a + b without writing a + b: MediaPipe's decoder adds
// two tensors only to take the squeeze-excite MEAN of the sum (72x128x16 on
// the landscape model). XNNPACK writes the sum and reads it back; here the
// two inputs are read once. Sums go row by row into the total (a float sum
// of 9216 values in one chain would drift), then times 1 / (h * w) as
// XNNPACK's average pooling does.

#include "segment/kernels/isa.hpp"

namespace fakecam::segment::kernels {

// a, b: [h, w, channels]; mean: [channels].
void mean_of_sum(const float* a, const float* b, float* mean, int h, int w, int channels, Isa isa = best_isa());

// The plain loop the kernel is tested against (double sums).
void mean_of_sum_reference(const float* a, const float* b, float* mean, int h, int w, int channels);

}  // namespace fakecam::segment::kernels
