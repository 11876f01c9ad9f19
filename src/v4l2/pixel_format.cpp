// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/pixel_format.hpp"

#include <linux/videodev2.h>

#include "v4l2/format.hpp"

namespace fakecam::v4l2 {

std::uint32_t to_fourcc(PixelFormat format) {
  switch (format) {
    case PixelFormat::mjpeg:
      return V4L2_PIX_FMT_MJPEG;
    case PixelFormat::jpeg:
      return V4L2_PIX_FMT_JPEG;
    case PixelFormat::yuyv:
      return V4L2_PIX_FMT_YUYV;
    case PixelFormat::uyvy:
      return V4L2_PIX_FMT_UYVY;
    case PixelFormat::nv12:
      return V4L2_PIX_FMT_NV12;
    case PixelFormat::i420:
      return V4L2_PIX_FMT_YUV420;
    case PixelFormat::bgr24:
      return V4L2_PIX_FMT_BGR24;
    case PixelFormat::rgb24:
      return V4L2_PIX_FMT_RGB24;
    case PixelFormat::bgrx:
      return V4L2_PIX_FMT_XBGR32;  // B,G,R,x in memory
    case PixelFormat::bgra:
      return V4L2_PIX_FMT_ABGR32;  // B,G,R,A in memory
  }
  return 0;
}

std::optional<PixelFormat> from_fourcc(std::uint32_t fourcc) {
  for (const PixelFormat format : all_pixel_formats()) {
    if (to_fourcc(format) == fourcc) return format;
  }
  return std::nullopt;
}

std::string fourcc_name(PixelFormat format) { return fourcc_text(to_fourcc(format)); }

}  // namespace fakecam::v4l2
