// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/kernels/isa.hpp"

#include "common/cpu_features.hpp"

namespace fakecam::segment::kernels {

bool isa_supported(Isa isa) {
  switch (isa) {
    case Isa::baseline:
      return true;
#if defined(__x86_64__) && defined(__GNUC__)
    case Isa::avx2: {
      return cpu_features().avx2 && cpu_features().fma;
    }
    case Isa::avx512: {
      return cpu_features().avx512f;
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
