// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The portrait light's per-pixel work (see portrait_light.hpp), on plain
// arrays, one frame row at a time. Per pixel, the person's share of its light
//
//   s = a r / (1 + a (r - 1))    a = alpha / 255, r = the person's luma / the background's
//
// (a pixel on the edge mixes the two, and a bright window behind a dark
// person gives most of an edge pixel's light: the person's gain on it would
// make a bright rim), then the gain
//
//   G = dim + (Gp - dim) s
//
// and B, G and R multiplied by it in 16-bit fixed point. The gain is made
// for a whole row first, once per channel, so that the multiply is a plain
// element-wise loop (no BGR deinterleave, which SSE2 does slowly) and can
// ride on the compositor's blend: the frame is read and written once.
//
// Each kernel is built for the x86-64 baseline (SSE2) and for AVX2, the YUV
// blend also for AVX-512BW, picked at run time (portable binaries); Isa
// forces a narrower build, so tests check each on a machine that has the
// widest.

#include <cstdint>

namespace fakecam::compose::light {

// The gain applied to the pixels is in Q9: 512 = 1 (up to 4x fits in 16 bits).
inline constexpr int kGainOne = 512;

// best: the widest build this CPU runs (AVX-512BW where a kernel has one,
// else AVX2); avx2: at most AVX2; baseline: SSE2.
enum class Isa { best, avx2, baseline };

// Whether this CPU runs the AVX2 and the AVX-512BW builds (for the tests'
// and benchmarks' notes).
bool has_avx2();
bool has_avx512();

// Two rows of the light's fields; a frame row mixes the row above and the
// row below as r0 + w1 (r1 - r0), w1 in [0, 1]. The gain is stretched to the
// frame width; the ratio, needed on the person's edge only, stays at the
// guide size, its columns mixed as c0 + xw (c1 - c0) for c0 = x0[i] (x0
// ascending; up to kRatioReadsPast elements past an x0 are read).
inline constexpr int kRatioReadsPast = 7;
struct GainRows {
  const float* gain0;  // (Gp - dim) * kGainOne
  const float* gain1;
  const float* ratio0;  // r, at the guide size
  const float* ratio1;
  float w1;
  const int* x0;    // per frame column: the first of the guide columns it mixes
  const float* xw;  // and the weight of the second
};

// gain[i] = round(dim_q9 + d s) for pixel i: one frame row's gain (Q9), and
// gain3[3 i + c] the same per channel (BGR), or gain3 null: not wanted (YUV).
void gain_row(const GainRows& rows, const std::uint8_t* alpha, int dim_q9, std::uint16_t* gain, std::uint16_t* gain3,
              int width, Isa isa = Isa::best);

// p[i] = min(255, round(p[i] * gain3[i] / 512)): the light on n bytes, in place.
void scale_row(std::uint8_t* p, const std::uint16_t* gain3, int n, Isa isa = Isa::best);

// out[i] = scale_row's result on kernels::blend_u8's: the blend and the light
// in one pass, bit-exact with the two passes. out may be fg or bg.
void blend_scale_row(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha3,
                     const std::uint16_t* gain3, std::uint8_t* out, int n, Isa isa = Isa::best);

// The light on limited-range YUV (issue 13). One factor G on B, G and R is,
// in BT.601 limited range, Y' = 16 + G (Y - 16) and C' = 128 + G (C - 128):
// the offsets are where BGR's zero lies. Clamped to the legal range.
struct YuvLevels {
  int zero, lo, hi;
};
inline constexpr YuvLevels kLumaLevels{16, 16, 235};
inline constexpr YuvLevels kChromaLevels{128, 16, 240};

// p[i] = clamp(zero + round((p[i] - zero) gain[i] / 512), lo, hi), in place
// (one gain per sample: a plane row).
void scale_yuv_row(std::uint8_t* p, const std::uint16_t* gain, const YuvLevels& levels, int n, Isa isa = Isa::best);

// scale_yuv_row on kernels::blend_u8's result (alpha per sample): the YUV
// blend and the light in one pass, bit-exact with the two. out may be fg or bg.
void blend_scale_yuv_row(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha,
                         const std::uint16_t* gain, const YuvLevels& levels, std::uint8_t* out, int n,
                         Isa isa = Isa::best);

// The gain of a 4:2:0 chroma sample: the rounded mean of the 2x2 luma gains
// it covers, out[i] = (g0[2i] + g0[2i + 1] + g1[2i] + g1[2i + 1] + 2) / 4.
void chroma_gain_row(const std::uint16_t* g0, const std::uint16_t* g1, std::uint16_t* out, int n, Isa isa = Isa::best);

// Both at once: luma rows 2c and 2c + 1's gains (top and bottom: their
// fields; alpha0 and alpha1: their alpha) and chroma row c's (width / 2),
// as gain_row twice and chroma_gain_row (bit-exact), in one pass.
void yuv_gain_rows(const GainRows& top, const GainRows& bottom, const std::uint8_t* alpha0, const std::uint8_t* alpha1,
                   int dim_q9, std::uint16_t* luma0, std::uint16_t* luma1, std::uint16_t* chroma, int width,
                   Isa isa = Isa::best);

// One chroma row's gains for the YUV pass: luma rows 2 c and 2 c + 1, and
// chroma row c (PortraitLight::yuv_gains()).
struct YuvGains {
  const std::uint16_t* luma0;
  const std::uint16_t* luma1;
  const std::uint16_t* chroma;
};

}  // namespace fakecam::compose::light
