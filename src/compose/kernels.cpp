#include "compose/kernels.hpp"

// Compiled with -O3 (CMakeLists.txt): GCC's -O2 cost model does not
// vectorize loops that need a scalar tail, which is all of these.
//
// On x86-64 each kernel is also built for AVX2 and picked at load time
// (target_clones, through the dynamic loader's ifunc): twice the lanes
// where the CPU has them, while the binary still runs on any x86-64.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(FAKECAM_NO_CLONES)
#define FAKECAM_KERNEL __attribute__((target_clones("avx2", "default")))
#else
#define FAKECAM_KERNEL
#endif

namespace fakecam::compose::kernels {

FAKECAM_KERNEL
void blend_u8(const std::uint8_t* fg, const std::uint8_t* bg, const std::uint8_t* alpha, std::uint8_t* out, int n) {
  for (int i = 0; i < n; ++i) {
    const std::uint16_t a = alpha[i];
    // At most 255 * 255 + 128: the sum fits 16 bits, so the vector code
    // stays in 16-bit lanes. (x + (x >> 8)) >> 8 is x / 255 rounded, exact
    // for x = v + 128 with v in [0, 255 * 255].
    const std::uint16_t x = static_cast<std::uint16_t>(fg[i] * a + bg[i] * static_cast<std::uint16_t>(255 - a) + 128);
    out[i] = static_cast<std::uint8_t>((x + (x >> 8)) >> 8);
  }
}

FAKECAM_KERNEL
void triple_u8(const std::uint8_t* alpha, std::uint8_t* out3, int n) {
  for (int i = 0; i < n; ++i) {
    const std::uint8_t a = alpha[i];
    out3[3 * i] = a;
    out3[3 * i + 1] = a;
    out3[3 * i + 2] = a;
  }
}

FAKECAM_KERNEL
void lerp_q4_to_u8(const std::int16_t* r0, const std::int16_t* r1, int w1, std::uint8_t* out, int n) {
  const int w0 = 2048 - w1;
  for (int i = 0; i < n; ++i) {
    const int v = (r0[i] * w0 + r1[i] * w1 + (1 << 14)) >> 15;
    out[i] = static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
  }
}

FAKECAM_KERNEL
void lerp_u8(const std::uint8_t* r0, const std::uint8_t* r1, int w1, std::uint8_t* out, int n) {
  // 255 * 256 + 128 fits 16 bits: 16-bit lanes.
  const auto b = static_cast<std::uint16_t>(w1);
  const auto a = static_cast<std::uint16_t>(256 - w1);
  for (int i = 0; i < n; ++i) {
    out[i] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(r0[i] * a + r1[i] * b + 128) >> 8);
  }
}

FAKECAM_KERNEL
void stretch_row_q4(const float* src, const int* x0, const float* w, std::int16_t* out, int n) {
  for (int i = 0; i < n; ++i) {
    const float a = src[x0[i]];
    const float b = src[x0[i] + 1];
    const float v = a + (b - a) * w[i];
    // Round half away from zero; the values are far inside int16.
    out[i] = static_cast<std::int16_t>(static_cast<int>(v + (v >= 0.0f ? 0.5f : -0.5f)));
  }
}

}  // namespace fakecam::compose::kernels
