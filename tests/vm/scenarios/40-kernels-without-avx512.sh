#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm VIVID_OPTS=off
#vm LOOPBACK_OPTS=off
# The SIMD kernels' tests on a CPU without AVX-512: the guest's emulated CPU
# stops at AVX2 + FMA, as many users' laptops do, while the host builds and
# tests on AVX-512. Every run-time dispatch (target clones, the light's and
# the model's kernel tables) must pick a build this CPU runs, and give the
# results the tests hold the host's builds to; the composite goldens too.
set -eu
. "$VM_TESTS_DIR/lib.sh"

if grep -qw avx512f /proc/cpuinfo; then
  fail "this guest's CPU has AVX-512: the scenario would not test the narrower builds"
fi
grep -qw avx2 /proc/cpuinfo || fail "this guest's CPU has no AVX2: expected AVX2 + FMA"

tests="compose/compose_portrait_light_test compose/compose_light_fields_test compose/compose_box_gaussian_test
compose/compose_symmetric_fir_test compose/compose_normalised_rows_test compose/compose_weighted_blur_test
compose/compose_blend_test compose/compose_stretch_row_up_test compose/compose_resize_bgr_test
compose/compose_golden_test segment/segment_kernels_test common/common_yuv_image_test
compose/compose_box_filter_test compose/compose_float_resizer_test compose/compose_temporal_filter_test
compose/compose_blur_test"
for t in $tests; do
  bin=$FAKECAM_BUILD_DIR/tests/$t
  [ -x "$bin" ] || fail "no test binary $bin (build the dev preset first)"
  "$bin" --gtest_brief=1 >"$WORK/$(basename "$t").log" 2>&1 ||
    fail "$t failed without AVX-512: $(tail -20 "$WORK/$(basename "$t").log")"
  echo "ok: $t"
done
