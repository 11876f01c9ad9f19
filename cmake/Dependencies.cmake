# SPDX-License-Identifier: GPL-3.0-or-later
# Every dependency is a Debian 12 package; .ci/run installs them.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(FlatBuffers REQUIRED CONFIG)
find_program(FLATC flatc REQUIRED)
# The product links only OpenCV's core and imgproc (check with ldd
# src/app/fakecam); tests, benchmarks and tools also read and write images and
# videos with imgcodecs/videoio.
find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc)
if(FAKECAM_BUILD_TESTS OR FAKECAM_BUILD_BENCH OR FAKECAM_BUILD_TOOLS)
  find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs videoio)
endif()
# Image and video files (src/media): the product reads them with FFmpeg,
# loaded at run time (src/media/ffmpeg_api.hpp says why): the product uses
# its headers only; PkgConfig::FFMPEG links them, for tests that call FFmpeg.
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswscale libavutil)
add_library(fakecam_ffmpeg_headers INTERFACE)
target_include_directories(fakecam_ffmpeg_headers SYSTEM INTERFACE ${FFMPEG_INCLUDE_DIRS})
target_compile_options(fakecam_ffmpeg_headers INTERFACE ${FFMPEG_CFLAGS_OTHER})
find_package(CLI11 REQUIRED CONFIG)
find_package(spdlog REQUIRED CONFIG)
find_package(fmt REQUIRED CONFIG)

find_path(XNNPACK_INCLUDE_DIR xnnpack.h REQUIRED)
find_library(XNNPACK_LIBRARY NAMES XNNPACK REQUIRED)
find_path(PTHREADPOOL_INCLUDE_DIR pthreadpool.h REQUIRED)
find_library(PTHREADPOOL_LIBRARY NAMES pthreadpool REQUIRED)
add_library(fakecam_xnnpack INTERFACE)
target_include_directories(fakecam_xnnpack SYSTEM INTERFACE ${XNNPACK_INCLUDE_DIR} ${PTHREADPOOL_INCLUDE_DIR})
target_link_libraries(fakecam_xnnpack INTERFACE ${XNNPACK_LIBRARY} ${PTHREADPOOL_LIBRARY})

if(FAKECAM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(FAKECAM_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# libyuv (Debian's libyuv-dev) ships neither a CMake config nor a .pc file:
# one imported target for media (YUV -> BGR) and output (BGR -> YUYV/I420/NV12).
find_path(LIBYUV_INCLUDE_DIR libyuv.h REQUIRED)
find_library(LIBYUV_LIBRARY NAMES yuv REQUIRED)
add_library(fakecam_libyuv INTERFACE)
target_include_directories(fakecam_libyuv SYSTEM INTERFACE ${LIBYUV_INCLUDE_DIR})
target_link_libraries(fakecam_libyuv INTERFACE ${LIBYUV_LIBRARY})
