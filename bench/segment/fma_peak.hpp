// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The core's fp32 multiply-add peak, measured: inference speed means little
// without it (a 2x faster CPU halves the time without the engine being any
// better). The widest FMA the CPU has (AVX-512, AVX2+FMA, else SSE mul+add,
// picked at run time; the binary stays portable) on independent register
// accumulators, so nothing but the FMA units limits it.

namespace fakecam::bench {

struct FmaPeak {
  const char* isa;     // "avx512f", "avx2+fma" or "sse"
  double gmacs_per_s;  // one thread, fp32 multiply-adds per second / 1e9
};

// Best of several short runs (~50 ms in all), one thread.
FmaPeak measure_fma_peak();

// Measured once per process, on first use.
const FmaPeak& fma_peak();

}  // namespace fakecam::bench
