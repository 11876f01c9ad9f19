#include "output/pixel_format.hpp"

#include <linux/videodev2.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "common/error.hpp"

namespace fakecam::output {

PixelFormat parse_pixel_format(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "yuyv" || lower == "yuy2") return PixelFormat::yuyv;
  if (lower == "i420" || lower == "yu12" || lower == "yuv420" || lower == "yuv420p") return PixelFormat::i420;
  if (lower == "nv12") return PixelFormat::nv12;
  fail("unknown pixel format '{}': use yuyv, i420 or nv12", text);
}

std::string_view pixel_format_name(PixelFormat format) {
  switch (format) {
    case PixelFormat::yuyv: return "YUYV";
    case PixelFormat::i420: return "I420";
    case PixelFormat::nv12: return "NV12";
  }
  return "?";
}

std::uint32_t to_v4l2_fourcc(PixelFormat format) {
  switch (format) {
    case PixelFormat::yuyv: return V4L2_PIX_FMT_YUYV;
    case PixelFormat::i420: return V4L2_PIX_FMT_YUV420;
    case PixelFormat::nv12: return V4L2_PIX_FMT_NV12;
  }
  return 0;
}

std::optional<PixelFormat> from_v4l2_fourcc(std::uint32_t fourcc) {
  switch (fourcc) {
    case V4L2_PIX_FMT_YUYV: return PixelFormat::yuyv;
    case V4L2_PIX_FMT_YUV420: return PixelFormat::i420;
    case V4L2_PIX_FMT_NV12: return PixelFormat::nv12;
    default: return std::nullopt;
  }
}

void check_frame_size(std::string_view what, PixelFormat format, int width, int height) {
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
  }
  return layout;
}

}  // namespace fakecam::output
