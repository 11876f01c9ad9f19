#pragma once
// The per-pixel loops of the compositor, kept apart so that kernels.cpp can
// be compiled for vectorization (see CMakeLists.txt) and benchmarked alone.
// Plain arrays in, plain arrays out; callers own the images.

#include <cstdint>

namespace fakecam::compose::kernels {

// out[i] = round((fg[i] * a[i] + bg[i] * (255 - a[i])) / 255) for n bytes.
// `out` may be `fg` or `bg` (same index only); otherwise no overlap.
void blend_u8(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha, std::uint8_t* out, int n);

// Each alpha byte three times: the per-pixel alpha as per-channel weights.
void triple_u8(const std::uint8_t* alpha, std::uint8_t* out3, int n);

// out[i] = clamp(round((r0[i] * (2048 - w1) + r1[i] * w1) / 2^15), 0, 255):
// the vertical step of the mask upsampling, rows in Q4, w1 in [0, 2048].
void lerp_q4_to_u8(const std::int16_t* r0, const std::int16_t* r1, int w1, std::uint8_t* out, int n);

// out[i] = (r0[i] * (256 - w1) + r1[i] * w1 + 128) >> 8, w1 in [0, 256]:
// the vertical step of the blur's upscale.
void lerp_u8(const std::uint8_t* r0, const std::uint8_t* r1, int w1, std::uint8_t* out, int n);

// out[i] = round(src[x0[i]] + (src[x0[i] + 1] - src[x0[i]]) * w[i]): one row
// of the mask, stretched horizontally (a gather; AVX2 has an instruction
// for it). src must have an element after the last x0.
void stretch_row_q4(const float* src, const int* x0, const float* w, std::int16_t* out, int n);

}  // namespace fakecam::compose::kernels
