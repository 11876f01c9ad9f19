// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The portrait light's one pass over the frame (see portrait_light.hpp), on
// plain arrays. Per pixel, the person's share of its light
//
//   s = a r / (1 + a (r - 1))    a = alpha / 255, r = the person's luma / the background's
//
// (a pixel on the edge mixes the two, and a bright window behind a dark
// person gives most of an edge pixel's light: the person's gain on it would
// make a bright rim), then the gain
//
//   G = dim + (Gp - dim) s
//
// and B, G and R multiplied by it in 16-bit fixed point, 16 pixels at a time
// (OpenCV's universal intrinsics: the interleaved BGR load and store the
// compiler cannot vectorize on its own). Pure background and pure person
// pixels (most of a frame) skip the share.

#include <cstdint>

namespace fakecam::compose::light {

// The gain applied to the pixels is in Q9: 512 = 1 (up to 4x fits in 16 bits).
inline constexpr int kGainOne = 512;

// Two rows of the light's fields stretched to the frame width; a frame row
// mixes the row above and the row below as r0 + w1 (r1 - r0), w1 in [0, 1].
struct GainRows {
  const float* gain0;  // (Gp - dim) * kGainOne
  const float* gain1;
  const float* ratio0;  // r
  const float* ratio1;
  float w1;
};

// bgr: 3 * width bytes, changed in place. alpha: width bytes. dim_q9: the
// background's gain * kGainOne.
void apply_gain_row(std::uint8_t* bgr, const std::uint8_t* alpha, const GainRows& rows, int dim_q9, int width);

}  // namespace fakecam::compose::light
