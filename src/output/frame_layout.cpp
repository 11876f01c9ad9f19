// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/frame_layout.hpp"

#include <algorithm>

#include "common/error.hpp"

namespace fakecam::output {

bool is_yuv_output(PixelFormat format) {
  return format == PixelFormat::yuyv || format == PixelFormat::i420 || format == PixelFormat::nv12;
}

PixelFormat parse_output_format(std::string_view text) {
  if (const auto format = find_pixel_format(text); format && is_yuv_output(*format)) return *format;
  fail("unknown pixel format '{}': use yuyv, i420 or nv12", text);
}

void check_frame_size(std::string_view what, PixelFormat format, int width, int height) {
  if (!is_yuv_output(format))
    fail("{}: {} is not a YUV output format (yuyv, i420, nv12)", what, pixel_format_name(format));
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
    fail("{}: frame size {}x{} is out of range (1..16384)", what, width, height);
  }
  if (width % 2 != 0) {
    fail("{}: width {} is odd; {} pairs pixels for chroma, so the width must be even (e.g. {})", what, width,
         pixel_format_name(format), width + 1);
  }
  if (format != PixelFormat::yuyv && height % 2 != 0) {
    fail("{}: height {} is odd; {} pairs rows for chroma, so the height must be even (e.g. {})", what, height,
         pixel_format_name(format), height + 1);
  }
}

FrameLayout frame_layout(PixelFormat format, int width, int height, std::size_t bytes_per_line) {
  if (!is_yuv_output(format)) fail("output: no frame layout for {}", pixel_format_name(format));
  FrameLayout layout;
  layout.format = format;
  layout.width = width;
  layout.height = height;
  const auto w = static_cast<std::size_t>(width);
  const auto h = static_cast<std::size_t>(height);
  switch (format) {
    case PixelFormat::yuyv: {
      const std::size_t stride = std::max(bytes_per_line, 2 * w);
      layout.planes[0] = {0, stride};
      layout.plane_count = 1;
      layout.size = stride * h;
      break;
    }
    case PixelFormat::i420: {
      const std::size_t stride = std::max(bytes_per_line, w);
      const std::size_t chroma_stride = (stride + 1) / 2;
      const std::size_t chroma_rows = (h + 1) / 2;
      layout.planes[0] = {0, stride};
      layout.planes[1] = {stride * h, chroma_stride};
      layout.planes[2] = {stride * h + chroma_stride * chroma_rows, chroma_stride};
      layout.plane_count = 3;
      layout.size = stride * h + 2 * chroma_stride * chroma_rows;
      break;
    }
    case PixelFormat::nv12: {
      const std::size_t stride = std::max(bytes_per_line, w);
      layout.planes[0] = {0, stride};
      layout.planes[1] = {stride * h, stride};
      layout.plane_count = 2;
      layout.size = stride * h + stride * ((h + 1) / 2);
      break;
    }
    default:
      break;  // refused above
  }
  return layout;
}

}  // namespace fakecam::output
