# SPDX-License-Identifier: GPL-3.0-or-later
# Warnings and sanitizers for every fakecam target (through fakecam_options).
# Binaries stay portable: no -march=native; XNNPACK picks SIMD kernels at run time.
add_library(fakecam_options INTERFACE)
target_compile_options(fakecam_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wcast-align -Wformat=2 -Wimplicit-fallthrough -Wmissing-declarations)
# The binary must not name the trees it was built in (install_tree_test.sh):
# __FILE__ in assertion macros and the debug info both carry absolute paths.
target_compile_options(fakecam_options INTERFACE
  "-ffile-prefix-map=${CMAKE_SOURCE_DIR}/="
  "-ffile-prefix-map=${CMAKE_BINARY_DIR}/=")
# PipeWire's SPA macros (pw_loop_*, spa_interface_call) expand to GNU
# statement expressions, which clang's -Wpedantic reports at every use in our
# code and its tests (gcc does not). After -Wpedantic: a -Wno- before it
# does not hold.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  target_compile_options(fakecam_options INTERFACE -Wno-gnu-statement-expression)
endif()
if(FAKECAM_WERROR)
  target_compile_options(fakecam_options INTERFACE -Werror)
endif()
if(FAKECAM_SANITIZE)
  target_compile_options(fakecam_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(fakecam_options INTERFACE -fsanitize=address,undefined)
endif()
if(FAKECAM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FAKECAM_FUZZ needs clang (configure with -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang)")
  endif()
  # Instrument the libraries too, so the fuzzer sees coverage inside the loader.
  target_compile_options(fakecam_options INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(fakecam_options INTERFACE -fsanitize=address,undefined)
endif()
