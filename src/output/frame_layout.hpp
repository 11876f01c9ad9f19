// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The YUV formats fakecam hands to a virtual camera (YUYV, I420, NV12 of
// common/pixel_format.hpp), and where the planes of one frame lie in a buffer.

#include <array>
#include <cstddef>
#include <string_view>

#include "common/pixel_format.hpp"

namespace fakecam::output {

// YUYV (packed 4:2:2) is what webcams deliver and what every consumer
// (Chrome, Firefox, Zoom, OBS) reads; I420 and NV12 (4:2:0) are 25% smaller.
bool is_yuv_output(PixelFormat format);

// A user's --pixel-format: "yuyv"/"yuy2", "i420"/"yu12"/"yuv420", "nv12"
// (any case); throws Error otherwise.
PixelFormat parse_output_format(std::string_view text);

// Throws Error naming `what` (a device or file) when the size cannot be
// represented in `format` (or `format` is not a YUV output format): every format here pairs luma columns, so the width
// must be even; the 4:2:0 formats pair rows too, so their height must be even.
// Sizes are not rounded: the caller chose them and a silent crop would surprise.
void check_frame_size(std::string_view what, PixelFormat format, int width, int height);

struct Plane {
  std::size_t offset = 0;  // bytes from the start of the frame
  std::size_t stride = 0;  // bytes per row
};

struct FrameLayout {
  PixelFormat format = PixelFormat::yuyv;
  int width = 0;
  int height = 0;
  std::array<Plane, 3> planes{};  // YUYV: [0]; I420: Y, U, V; NV12: Y, UV
  int plane_count = 0;
  std::size_t size = 0;  // bytes of one frame
};

// The layout V4L2 single-planar formats use: luma rows `bytes_per_line` apart
// (0 = tightly packed), I420's chroma planes at half that stride, NV12's
// interleaved chroma at the full stride, each plane right after the previous.
FrameLayout frame_layout(PixelFormat format, int width, int height, std::size_t bytes_per_line = 0);

}  // namespace fakecam::output
