// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What this CPU can run beyond x86-64's baseline, asked once. Binaries stay
// portable (no -march); every hand-vectorized kernel picks its build from
// here, so that all of them agree on what the CPU has.

namespace fakecam {

struct CpuFeatures {
  bool avx2 = false;
  bool fma = false;
  bool avx512f = false;
  bool avx512bw = false;
};

// All false on other architectures and compilers.
const CpuFeatures& cpu_features();

}  // namespace fakecam
