// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The two ends of the blur's normalised convolution (blur_background.hpp),
// one row at a time: each pixel's colour weighted by how much background it
// is, and after the blur, the weighted colour divided by the blurred weight.

#include <cstdint>

namespace fakecam::compose::kernels {

// out (4 floats per pixel) = (c0 w, c1 w, c2 w, w) with w = max((255 -
// alpha) / 255, min_weight); colour: 3 bytes per pixel.
void weigh_row(const std::uint8_t* colour, const std::uint8_t* alpha, float min_weight, float* out, int n);

// out (3 bytes per pixel) = the first three of each 4 floats divided by the
// fourth, rounded half to even and clamped to 0..255 (cv::saturate_cast's
// rounding, bit for bit, for values below 2^22).
void unweigh_row(const float* weighted, std::uint8_t* out, int n);

}  // namespace fakecam::compose::kernels
