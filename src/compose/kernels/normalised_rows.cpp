// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/normalised_rows.hpp"

#include "compose/kernels/clones.hpp"

// Compiled with -O3 and -fno-trapping-math (CMakeLists.txt): the clamps ahead
// of the float-to-int conversions become min/max and the loops vectorize.
// Built for AVX2 too (clones.hpp).

namespace fakecam::compose::kernels {
namespace {

inline float weight(std::uint8_t alpha, float min_weight) {
  const float background = static_cast<float>(255 - alpha) * (1.0f / 255.0f);
  return background < min_weight ? min_weight : background;
}

// Adding and taking away 1.5 * 2^23 leaves a float below 2^22 rounded to an
// integer in the current (nearest, ties to even) mode: cvRound's rounding,
// in any SIMD width.
inline std::uint8_t rounded_byte(float v) {
  constexpr float kRound = 12582912.0f;
  const float r = (v + kRound) - kRound;
  return static_cast<std::uint8_t>(static_cast<int>(r > 0.0f ? (r < 255.0f ? r : 255.0f) : 0.0f));
}

// Colour channel k of pixel x at c_k[kStep x]: 3 for interleaved pixels,
// 1 for planes.
template <int kStep>
inline void weigh(const std::uint8_t* __restrict c0, const std::uint8_t* __restrict c1,
                  const std::uint8_t* __restrict c2, const std::uint8_t* __restrict alpha, float min_weight,
                  float* __restrict out, std::ptrdiff_t stride, int n) {
  float* __restrict w0 = out;
  float* __restrict w1 = out + stride;
  float* __restrict w2 = out + 2 * stride;
  float* __restrict ww = out + 3 * stride;
  for (int x = 0; x < n; ++x) {
    const float w = weight(alpha[x], min_weight);
    w0[x] = static_cast<float>(c0[kStep * x]) * w;
    w1[x] = static_cast<float>(c1[kStep * x]) * w;
    w2[x] = static_cast<float>(c2[kStep * x]) * w;
    ww[x] = w;
  }
}

template <int kStep>
inline void unweigh(const float* __restrict weighted, std::ptrdiff_t stride, std::uint8_t* __restrict c0,
                    std::uint8_t* __restrict c1, std::uint8_t* __restrict c2, int n) {
  const float* __restrict w0 = weighted;
  const float* __restrict w1 = weighted + stride;
  const float* __restrict w2 = weighted + 2 * stride;
  const float* __restrict ww = weighted + 3 * stride;
  for (int x = 0; x < n; ++x) {
    const float inv = 1.0f / ww[x];
    c0[kStep * x] = rounded_byte(w0[x] * inv);
    c1[kStep * x] = rounded_byte(w1[x] * inv);
    c2[kStep * x] = rounded_byte(w2[x] * inv);
  }
}

}  // namespace

FAKECAM_KERNEL
void weigh_row(const std::uint8_t* colour, const std::uint8_t* alpha, float min_weight, float* out,
               std::ptrdiff_t stride, int n) {
  weigh<3>(colour, colour + 1, colour + 2, alpha, min_weight, out, stride, n);
}

FAKECAM_KERNEL
void weigh_planes_row(const std::uint8_t* c0, const std::uint8_t* c1, const std::uint8_t* c2, const std::uint8_t* alpha,
                      float min_weight, float* out, std::ptrdiff_t stride, int n) {
  weigh<1>(c0, c1, c2, alpha, min_weight, out, stride, n);
}

FAKECAM_KERNEL
void unweigh_row(const float* weighted, std::ptrdiff_t stride, std::uint8_t* out, int n) {
  unweigh<3>(weighted, stride, out, out + 1, out + 2, n);
}

FAKECAM_KERNEL
void unweigh_planes_row(const float* weighted, std::ptrdiff_t stride, std::uint8_t* c0, std::uint8_t* c1,
                        std::uint8_t* c2, int n) {
  unweigh<1>(weighted, stride, c0, c1, c2, n);
}

}  // namespace fakecam::compose::kernels
