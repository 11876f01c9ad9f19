# SPDX-License-Identifier: GPL-3.0-or-later
# Build time: the whole CI (two full trees, the tests, the guests) has to fit
# in 40 minutes on 2 cores. Measured on one test file (tests/app/cli_test.cpp,
# gcc 12): parsing gtest, OpenCV, spdlog and the standard library is 3-5 s of
# its ~14 s, and -O2 -g code generation for gtest's macros most of the rest.

# The third-party and standard headers nearly every file includes, parsed once
# per library (and once for all tests) instead of once per file.
option(FAKECAM_PCH "Precompile the common third-party headers" ON)
set(FAKECAM_PCH_HEADERS
  <opencv2/core.hpp> <opencv2/imgproc.hpp> <spdlog/spdlog.h> <fmt/format.h>
  <algorithm> <array> <atomic> <chrono> <cmath> <cstdint> <cstring> <filesystem> <fstream> <functional>
  <map> <memory> <mutex> <optional> <string> <string_view> <thread> <vector>)

# fakecam_precompile_headers(TARGET): a library with many files precompiles the list.
# CMake adds -Winvalid-pch for gcc: a header gcc cannot use (a macro differs)
# is then a warning, not an error under FAKECAM_WERROR: it costs time, not correctness.
if(FAKECAM_PCH AND FAKECAM_WERROR AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(fakecam_options INTERFACE -Wno-error=invalid-pch)
endif()

function(fakecam_precompile_headers target)
  if(FAKECAM_PCH)
    target_precompile_headers(${target} PRIVATE ${FAKECAM_PCH_HEADERS})
  endif()
endfunction()

# Test code is compiled for checking, not for speed: -O1 with line tables
# (half the compile time of -O2 -g; the code under test keeps its own flags).
# One interface target, so the tests' shared precompiled header sees the same flags.
# The sanitizer tree (Debug, -O1 for the code under test): test code at -O0,
# which is 40 % less compile time per test file with ASan (measured on
# tests/compose/golden_test.cpp, clang 14: 4.2 s -> 2.4 s); the sanitizers
# check the product's code, which keeps -O1.
add_library(fakecam_test_flags INTERFACE)
if(CMAKE_BUILD_TYPE MATCHES "^(RelWithDebInfo|Release)$")
  target_compile_options(fakecam_test_flags INTERFACE -O1 -g1)
elseif(CMAKE_BUILD_TYPE STREQUAL "Debug")
  target_compile_options(fakecam_test_flags INTERFACE -O0)
endif()
# PipeWire's pkg-config flags add -D_REENTRANT, and gcc refuses a precompiled
# header made without a macro the file defines: every test defines it, so the
# app's tests (which link PipeWire through fakecam_app) share the header too.
# It changes nothing in glibc (g++ defines _GNU_SOURCE, a higher POSIX level).
target_compile_definitions(fakecam_test_flags INTERFACE _REENTRANT)
# Likewise spdlog's and fmt's macros (SPDLOG_COMPILED_LIB, FMT_SHARED...): the
# header has spdlog in it, and tests that drive only the binary link neither.
target_link_libraries(fakecam_test_flags INTERFACE spdlog::spdlog fmt::fmt)

# lld links the ~80 test and tool executables faster than ld.bfd (2.5 s ->
# 1.5 s for one test); used when installed (Debian: lld).
include(CheckLinkerFlag)
check_linker_flag(CXX "-fuse-ld=lld" FAKECAM_HAVE_LLD)
option(FAKECAM_USE_LLD "Link with lld when it is available" ON)
if(FAKECAM_USE_LLD AND FAKECAM_HAVE_LLD)
  add_link_options(-fuse-ld=lld)
endif()
