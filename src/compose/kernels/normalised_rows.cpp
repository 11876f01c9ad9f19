// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/normalised_rows.hpp"

#include "compose/kernels/clones.hpp"

// Compiled with -O3 and -fno-trapping-math (CMakeLists.txt): the clamps ahead
// of the float-to-int conversions become min/max and both loops vectorize.
// Built for AVX2 too (clones.hpp).

namespace fakecam::compose::kernels {

FAKECAM_KERNEL
void weigh_row(const std::uint8_t* __restrict colour, const std::uint8_t* __restrict alpha, float min_weight,
               float* __restrict out, int n) {
  for (int x = 0; x < n; ++x) {
    const float background = static_cast<float>(255 - alpha[x]) * (1.0f / 255.0f);
    const float w = background < min_weight ? min_weight : background;
    out[4 * x] = static_cast<float>(colour[3 * x]) * w;
    out[4 * x + 1] = static_cast<float>(colour[3 * x + 1]) * w;
    out[4 * x + 2] = static_cast<float>(colour[3 * x + 2]) * w;
    out[4 * x + 3] = w;
  }
}

FAKECAM_KERNEL
void unweigh_row(const float* __restrict weighted, std::uint8_t* __restrict out, int n) {
  // Adding and taking away 1.5 * 2^23 leaves a float below 2^22 rounded to
  // an integer in the current (nearest, ties to even) mode: cvRound's
  // rounding, in any SIMD width.
  constexpr float kRound = 12582912.0f;
  for (int x = 0; x < n; ++x) {
    const float inv = 1.0f / weighted[4 * x + 3];
    for (int k = 0; k < 3; ++k) {
      const float v = weighted[4 * x + k] * inv;
      const float r = (v + kRound) - kRound;
      out[3 * x + k] = static_cast<std::uint8_t>(static_cast<int>(r > 0.0f ? (r < 255.0f ? r : 255.0f) : 0.0f));
    }
  }
}

}  // namespace fakecam::compose::kernels
