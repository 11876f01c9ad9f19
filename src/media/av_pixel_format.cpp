// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/av_pixel_format.hpp"

namespace fakecam::media {

AVPixelFormat to_av_pixel_format(PixelFormat format) {
  switch (format) {
    case PixelFormat::mjpeg:
    case PixelFormat::jpeg:
      return AV_PIX_FMT_NONE;
    case PixelFormat::yuyv:
      return AV_PIX_FMT_YUYV422;
    case PixelFormat::uyvy:
      return AV_PIX_FMT_UYVY422;
    case PixelFormat::nv12:
      return AV_PIX_FMT_NV12;
    case PixelFormat::i420:
      return AV_PIX_FMT_YUV420P;
    case PixelFormat::bgr24:
      return AV_PIX_FMT_BGR24;
    case PixelFormat::rgb24:
      return AV_PIX_FMT_RGB24;
    case PixelFormat::bgrx:
      return AV_PIX_FMT_BGR0;
    case PixelFormat::bgra:
      return AV_PIX_FMT_BGRA;
  }
  return AV_PIX_FMT_NONE;
}

std::optional<PixelFormat> from_av_pixel_format(AVPixelFormat format) {
  if (format == AV_PIX_FMT_NONE) return std::nullopt;
  for (const PixelFormat f : all_pixel_formats()) {
    if (to_av_pixel_format(f) == format) return f;
  }
  return std::nullopt;
}

}  // namespace fakecam::media
