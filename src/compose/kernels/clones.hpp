// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// FAKECAM_KERNEL: on x86-64 a function so marked is also built for AVX2 and
// picked at load time (target_clones, through the dynamic loader's ifunc):
// twice the lanes where the CPU has them, while the binary still runs on
// any x86-64. For plain loops compiled with -O3 (CMakeLists.txt), whose
// results do not depend on the lane count (no reductions, no FMA).

//
// FAKECAM_INT_KERNEL: the same with an AVX-512 (x86-64-v4: F, BW, DQ, VL) build too, for loops on
// integers only (bytes and words): four times the lanes of the baseline,
// and the same results in any width. (Not for float loops: AVX-512 brings
// FMA, and GCC would contract a * b + c into it, rounding once instead of
// twice.)

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(FAKECAM_NO_CLONES)
#define FAKECAM_KERNEL __attribute__((target_clones("avx2", "default")))
#define FAKECAM_INT_KERNEL __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define FAKECAM_KERNEL
#define FAKECAM_INT_KERNEL
#endif
