// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/kernels/isa.hpp"

namespace fakecam::segment::kernels {

bool isa_supported(Isa isa) {
  switch (isa) {
    case Isa::baseline:
      return true;
#if defined(__x86_64__) && defined(__GNUC__)
    case Isa::avx2: {
      static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
      return yes;
    }
    case Isa::avx512: {
      static const bool yes = __builtin_cpu_supports("avx512f");
      return yes;
    }
#else
    case Isa::avx2:
    case Isa::avx512:
      return false;
#endif
  }
  return false;
}

Isa best_isa() {
  if (isa_supported(Isa::avx512)) return Isa::avx512;
  if (isa_supported(Isa::avx2)) return Isa::avx2;
  return Isa::baseline;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::baseline:
      return "baseline";
    case Isa::avx2:
      return "avx2";
    case Isa::avx512:
      return "avx512";
  }
  return "?";
}

}  // namespace fakecam::segment::kernels
