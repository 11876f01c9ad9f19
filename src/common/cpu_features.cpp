// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/cpu_features.hpp"

namespace fakecam {

namespace {
CpuFeatures detect() {
  CpuFeatures f;
#if defined(__x86_64__) && defined(__GNUC__)
  // GCC's and clang's CPU model also checks that the OS saves the wide
  // registers (XGETBV), which CPUID alone does not say.
  __builtin_cpu_init();
  f.avx2 = __builtin_cpu_supports("avx2") != 0;
  f.fma = __builtin_cpu_supports("fma") != 0;
  f.avx512f = __builtin_cpu_supports("avx512f") != 0;
  f.avx512bw = __builtin_cpu_supports("avx512bw") != 0;
#endif
  return f;
}
}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = detect();
  return features;
}

}  // namespace fakecam
