// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/raw_converter.hpp"

#include <libyuv/convert.h>
#include <libyuv/convert_argb.h>
#include <libyuv/convert_from_argb.h>

#include <algorithm>

namespace fakecam::capture {

namespace {

// YUYV/UYVY go through ARGB (libyuv has no direct packed-422 -> 24-bit path);
// doing it a band of rows at a time keeps the intermediate in the L1/L2 cache.
constexpr int kBandRows = 8;

}  // namespace

bool RawConverter::converts(PixelFormat format) {
  return format == PixelFormat::yuyv || format == PixelFormat::uyvy || format == PixelFormat::nv12 ||
         format == PixelFormat::i420 || format == PixelFormat::bgr24;
}

std::size_t RawConverter::frame_bytes(PixelFormat format, cv::Size size, int stride) {
  if (size.width <= 0 || size.height <= 0 || stride <= 0) return 0;
  const auto rows = static_cast<std::size_t>(size.height);
  const auto pitch = static_cast<std::size_t>(stride);
  const auto width = static_cast<std::size_t>(size.width);
  if (format == PixelFormat::yuyv || format == PixelFormat::uyvy) {
    if (pitch < width * 2) return 0;
    return pitch * (rows - 1) + width * 2;
  }
  if (format == PixelFormat::bgr24) {
    if (pitch < width * 3) return 0;
    return pitch * (rows - 1) + width * 3;
  }
  if (format == PixelFormat::nv12) {
    if (pitch < width) return 0;
    const std::size_t chroma_rows = (rows + 1) / 2;
    return pitch * rows + pitch * (chroma_rows - 1) + (width + 1) / 2 * 2;
  }
  if (format == PixelFormat::i420) {
    // V4L2's YU12: U and V rows are half the luma line length.
    if (pitch < width || pitch % 2 != 0) return 0;
    const std::size_t chroma_rows = (rows + 1) / 2;
    return pitch * rows + pitch / 2 * (2 * chroma_rows - 1) + (width + 1) / 2;
  }
  return 0;
}

bool RawConverter::convert(PixelFormat format, std::span<const std::uint8_t> src, cv::Size size, int stride,
                           cv::Mat& out) {
  const std::size_t needed = frame_bytes(format, size, stride);
  if (needed == 0 || src.size() < needed) return false;
  out.create(size, CV_8UC3);
  const int out_stride = static_cast<int>(out.step[0]);

  if (format == PixelFormat::nv12) {
    const std::uint8_t* uv = src.data() + static_cast<std::size_t>(stride) * static_cast<std::size_t>(size.height);
    return libyuv::NV12ToRGB24(src.data(), stride, uv, stride, out.data, out_stride, size.width, size.height) == 0;
  }
  if (format == PixelFormat::i420) {
    const int chroma_stride = stride / 2;
    const std::uint8_t* u = src.data() + static_cast<std::size_t>(stride) * static_cast<std::size_t>(size.height);
    const std::uint8_t* v =
        u + static_cast<std::size_t>(chroma_stride) * static_cast<std::size_t>((size.height + 1) / 2);
    return libyuv::I420ToRGB24(src.data(), stride, u, chroma_stride, v, chroma_stride, out.data, out_stride, size.width,
                               size.height) == 0;
  }
  if (format == PixelFormat::bgr24) {
    for (int y = 0; y < size.height; ++y) {
      std::copy_n(src.data() + static_cast<std::ptrdiff_t>(y) * stride, size.width * 3, out.ptr<std::uint8_t>(y));
    }
    return true;
  }

  const int argb_stride = size.width * 4;
  argb_rows_.resize(static_cast<std::size_t>(argb_stride) * kBandRows);
  for (int y = 0; y < size.height; y += kBandRows) {
    const int rows = std::min(kBandRows, size.height - y);
    const std::uint8_t* band = src.data() + static_cast<std::ptrdiff_t>(y) * stride;
    const int rc = format == PixelFormat::yuyv
                       ? libyuv::YUY2ToARGB(band, stride, argb_rows_.data(), argb_stride, size.width, rows)
                       : libyuv::UYVYToARGB(band, stride, argb_rows_.data(), argb_stride, size.width, rows);
    // libyuv's "RGB24" is B, G, R in memory: OpenCV's BGR.
    if (rc != 0 || libyuv::ARGBToRGB24(argb_rows_.data(), argb_stride, out.ptr<std::uint8_t>(y), out_stride, size.width,
                                       rows) != 0) {
      return false;
    }
  }
  return true;
}

bool RawConverter::convert(PixelFormat format, std::span<const std::uint8_t> src, cv::Size size, int stride,
                           YuvImage& out) {
  const std::size_t needed = frame_bytes(format, size, stride);
  if (needed == 0 || src.size() < needed) return false;
  if (format == PixelFormat::bgr24) {
    const cv::Mat bgr(size, CV_8UC3, const_cast<std::uint8_t*>(src.data()), static_cast<std::size_t>(stride));
    bgr_to_yuv(bgr, out);
    return true;
  }
  out.create(size);
  cv::Mat y = out.y(), u = out.u(), v = out.v();
  const int y_stride = static_cast<int>(y.step[0]), u_stride = static_cast<int>(u.step[0]),
            v_stride = static_cast<int>(v.step[0]);
  const std::uint8_t* s = src.data();
  switch (format) {
    case PixelFormat::yuyv:
      return libyuv::YUY2ToI420(s, stride, y.data, y_stride, u.data, u_stride, v.data, v_stride, size.width,
                                size.height) == 0;
    case PixelFormat::uyvy:
      return libyuv::UYVYToI420(s, stride, y.data, y_stride, u.data, u_stride, v.data, v_stride, size.width,
                                size.height) == 0;
    case PixelFormat::nv12: {
      const std::uint8_t* uv = s + static_cast<std::size_t>(stride) * static_cast<std::size_t>(size.height);
      return libyuv::NV12ToI420(s, stride, uv, stride, y.data, y_stride, u.data, u_stride, v.data, v_stride, size.width,
                                size.height) == 0;
    }
    case PixelFormat::i420: {
      const int chroma_stride = stride / 2;
      const std::uint8_t* su = s + static_cast<std::size_t>(stride) * static_cast<std::size_t>(size.height);
      const std::uint8_t* sv = su + static_cast<std::size_t>(chroma_stride) * static_cast<std::size_t>(size.height / 2);
      return libyuv::I420Copy(s, stride, su, chroma_stride, sv, chroma_stride, y.data, y_stride, u.data, u_stride,
                              v.data, v_stride, size.width, size.height) == 0;
    }
    default:
      return false;
  }
}

}  // namespace fakecam::capture
