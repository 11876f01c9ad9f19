// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The two ends of the blur's normalised convolution (weighted_blur.hpp),
// one row at a time: each pixel's colour weighted by how much background it
// is, and after the blur, the weighted colour divided by the blurred weight.
// The weighted row is four float rows `stride` apart: c0 w, c1 w, c2 w and
// w (planar, so that both ends are plain loops the compiler vectorizes
// without shuffles).

#include <cstddef>
#include <cstdint>

namespace fakecam::compose::kernels {

// out[k stride + x] = (c0 w, c1 w, c2 w, w)[k] with w = max((255 -
// alpha) / 255, min_weight); colour: 3 bytes per pixel.
void weigh_row(const std::uint8_t* colour, const std::uint8_t* alpha, float min_weight, float* out,
               std::ptrdiff_t stride, int n);

// The same with the colour in three planes (c0, c1, c2: one byte per pixel each).
void weigh_planes_row(const std::uint8_t* c0, const std::uint8_t* c1, const std::uint8_t* c2, const std::uint8_t* alpha,
                      float min_weight, float* out, std::ptrdiff_t stride, int n);

// out (3 bytes per pixel) = the first three rows divided by the fourth,
// rounded half to even and clamped to 0..255 (cv::saturate_cast's
// rounding, bit for bit, for values below 2^22).
void unweigh_row(const float* weighted, std::ptrdiff_t stride, std::uint8_t* out, int n);
// The same into three planes. The YUV blur's last step (0.06 ms of a 720p
// frame as plain loops, whose clamps GCC turns into compares and blends):
// also written for AVX-512 and AVX2, picked at run time (`isa` narrows the
// choice, for tests); every build gives the same bytes.
enum class UnweighIsa { best, avx2, baseline };
void unweigh_planes_row(const float* weighted, std::ptrdiff_t stride, std::uint8_t* c0, std::uint8_t* c1,
                        std::uint8_t* c2, int n, UnweighIsa isa = UnweighIsa::best);

}  // namespace fakecam::compose::kernels
