// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The portrait light's one pass over the frame (see portrait_light.hpp), on
// plain arrays: per pixel, the gain
//
//   G = dim + (Gp - dim) * alpha / 255
//
// is made from the person's gain Gp interpolated between two stretched gain
// rows, and B, G and R are multiplied by it, in 16-bit fixed point, 16
// pixels at a time (OpenCV's universal intrinsics: the interleaved BGR load
// and store the compiler cannot vectorize on its own).

#include <cstdint>

namespace fakecam::compose::light {

// The gain rows hold (Gp - dim) in Q12: 4096 = 1.
inline constexpr float kRowOne = 4096.0f;
// The gain applied to the pixels is in Q9: 512 = 1 (up to 4x fits in 16 bits).
inline constexpr int kGainOne = 512;

// bgr: 3 * width bytes, changed in place. alpha: width bytes. r0, r1: the
// gain rows above and below (Q12 floats), mixed as r0 + w1 * (r1 - r0),
// w1 in [0, 1]. dim_q9: the background's gain in Q9.
void apply_gain_row(std::uint8_t* bgr, const std::uint8_t* alpha, const float* r0, const float* r1, float w1,
                    int dim_q9, int width);

}  // namespace fakecam::compose::light
