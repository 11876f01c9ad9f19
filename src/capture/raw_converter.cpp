// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/raw_converter.hpp"

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
         format == PixelFormat::bgr24;
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

}  // namespace fakecam::capture
