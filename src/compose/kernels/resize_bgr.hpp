// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A bilinear resize of BGR frames with OpenCV's INTER_LINEAR convention
// (pixel centres aligned, edge pixels replicated: ResampleAxis), for
// auto-framing's crop, which must stay aligned with the mask's crop.
// cv::resize costs ~1 ms per 720p output on one thread; this does the
// horizontal pass once per source row into a 16-bit row cache and each output
// row as a vertical lerp of two cached rows (which upscaling reuses).
//
// Arithmetic (the same integers in every build, so the AVX2 and the baseline
// builds give the same bytes): per output channel value, with the horizontal
// weight F = round(f 8192) split as F = 128 fh + fl (fh <= 64, fl < 128),
//
//   h = p0 (64 - fh) + p1 fh + round((p1 - p0) fl / 128)    (Q6, SSSE3's pmaddubsw twice)
//   v = h0 + round((h1 - h0) W / 32768)                     (W = round(w 32768) <= 32767, pmulhrsw)
//   out = round(v / 64)
//
// which is the exact bilinear value to within ~0.03 of a level before the
// last rounding: within 1 level of cv::resize (11-bit weights, truncating
// steps) everywhere.

#include <opencv2/core.hpp>

namespace fakecam::compose::kernels {

enum class ResizeIsa { best, baseline };

// Whether ResizeIsa::best is the AVX2 build on this CPU (for the benchmarks' notes).
bool resize_has_avx2();

// dst = src (CV_8UC3, any step: a ROI view is fine) resized to `size`
// bilinearly. dst is (re)allocated as CV_8UC3 of `size` and must not share
// memory with src. Made for scales 0.5x-4x (framing's; shrink more than 2x
// with INTER_AREA instead: bilinear skips pixels); the fast path takes
// horizontal shrinks up to 3x and sources at least 6 pixels wide, other sizes
// run the baseline build, which gives the same bytes.
void resize_bilinear_bgr(const cv::Mat& src, cv::Mat& dst, cv::Size size, ResizeIsa isa = ResizeIsa::best);

}  // namespace fakecam::compose::kernels
