// SPDX-License-Identifier: GPL-3.0-or-later
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

// blend_u8 over the background row lerp_u8(r0, r1, w1), byte for byte,
// the mix made only where the background shows (alpha < 255) and never
// stored apart. `out` may be `fg`.
void blend_lerp_u8(const std::uint8_t* fg, const std::uint8_t* r0, const std::uint8_t* r1, int w1,
                   const std::uint8_t* alpha, std::uint8_t* out, int n);

// out[i] = round(src[x0[i]] + (src[x0[i] + 1] - src[x0[i]]) * w[i]): one row
// of the mask, stretched horizontally (a gather; AVX2 has an instruction
// for it). src must have an element after the last x0.
void stretch_row_q4(const float* src, const int* x0, const float* w, std::int16_t* out, int n);

}  // namespace fakecam::compose::kernels

namespace fakecam::compose::kernels {

// out[i] = src[x0[i]] + (src[x0[i] + 1] - src[x0[i]]) * w[i], in float: a row
// of the guided filter's coefficients stretched to the frame width. src must
// have an element after the last x0.
void stretch_row_f32(const float* src, const int* x0, const float* w, float* out, int n);

// The guided filter's output for one frame row: with a = a0 + w (a1 - a0)
// and b = b0 + w (b1 - b0), out[i] = clamp(round(a[i] * grey[i] + b[i]), 0,
// 255). a and b are rows of the coefficients, already stretched.
void guided_row(const float* a0, const float* a1, const float* b0, const float* b1, float w, const std::uint8_t* grey,
                std::uint8_t* out, int n);

}  // namespace fakecam::compose::kernels

namespace fakecam::compose::kernels {

// One row of an 8-bit plane made `factor` (2, 4 or 8) times wider, as
// cv::resize's INTER_LINEAR makes it (half-pixel centres, edges repeated)
// bit for bit: its 11-bit weights are exact in 8 bits for these factors.
// `padded` is the n source bytes with the first repeated before them and the
// last after them (n + 2 bytes); `out` takes n * factor bytes. False (and
// nothing written) for another factor.
bool stretch_row_u8(const std::uint8_t* padded, int factor, std::uint8_t* out, int n);
// The factors stretch_row_u8 takes.
constexpr bool stretch_row_u8_takes(int factor) { return factor == 2 || factor == 4 || factor == 8; }

// acc[i] += src[i]: the vertical half of a box downscale.
void accumulate_u8_u16(const std::uint8_t* src, std::uint16_t* acc, int n);

// out[j] = round(sum(acc[j * factor .. j * factor + factor - 1]) / divisor)
// for j < n_out, with 1/divisor as `reciprocal_q16` (round(65536 / divisor)):
// the horizontal half of a box downscale.
void shrink_row_u16(const std::uint16_t* acc, int factor, std::uint32_t reciprocal_q16, std::uint8_t* out, int n_out);

// out[i] = sum over k < count of rows[k][i]: the vertical half of a box filter.
void sum_rows_f32(const float* const* rows, int count, float* out, int n);

// out[i] = scale * sum(padded[i .. i + taps - 1]): the horizontal half of a
// box filter over a row padded by taps - 1 elements.
void sum_window_f32(const float* __restrict padded, int taps, float scale, float* __restrict out, int n);

// sum[i] += add[i] - remove[i]: a vertical window sliding down one row.
void slide_rows_f32(const float* __restrict add, const float* __restrict remove, float* __restrict sum, int n);

}  // namespace fakecam::compose::kernels

namespace fakecam::compose::kernels {

// Grey as OpenCV's COLOR_BGR2GRAY computes it for 8-bit images: 15-bit
// fixed point (its RGB2Gray<uchar>; the 14-bit B2Y/G2Y/R2Y constants of its
// other conversions round differently on ~0.1% of pixels, and a steep
// refined edge turns a grey level into several alpha levels).
inline constexpr int kGreyB = 3735, kGreyG = 19235, kGreyR = 9798, kGreyShift = 15;

// guided_row with the grey computed from a BGR row on the fly (the refiner
// runs on a few percent of the pixels, so a full grey frame is not made).
void guided_row_bgr(const float* a0, const float* a1, const float* b0, const float* b1, float w,
                    const std::uint8_t* bgr, std::uint8_t* out, int n);

// out[j] = grey of the mean colour of pixels j * factor .. j * factor +
// factor - 1 of `acc` (per-channel BGR sums of `rows` rows): the horizontal
// half of a grey box downscale straight from BGR.
void shrink_bgr_row_u16(const std::uint16_t* acc, int factor, int rows, std::uint8_t* out, int n_out);

}  // namespace fakecam::compose::kernels
