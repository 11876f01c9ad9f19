// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The instruction sets our own inference kernels are built for. Binaries stay
// portable (x86-64 baseline); each kernel has one build per set, picked at
// run time from what the CPU reports. Tests force each set this CPU has.

namespace fakecam::segment::kernels {

enum class Isa {
  baseline,  // x86-64's SSE2 (or plain C++ elsewhere): 4 floats a vector
  avx2,      // AVX2 + FMA: 8 floats
  avx512,    // AVX-512F: 16 floats
};

// Whether this CPU (and this build) can run kernels built for `isa`.
bool isa_supported(Isa isa);
// The widest supported set: what kernels use unless told otherwise.
Isa best_isa();
const char* isa_name(Isa isa);

}  // namespace fakecam::segment::kernels
