// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/bgr_converter.hpp"

#include <algorithm>

#include <libyuv/convert.h>
#include <libyuv/convert_argb.h>
#include <libyuv/convert_from_argb.h>
#include <libyuv/planar_functions.h>

#include "common/error.hpp"

namespace fakecam::output {
namespace {

// Rows converted BGR -> ARGB -> YUYV at a time: 16 rows of 1080p ARGB are
// 120 KiB, small enough to stay in L2 between the two passes.
constexpr int kBandRows = 16;

int as_int(std::size_t v) { return static_cast<int>(v); }

}  // namespace

BgrConverter::BgrConverter(const FrameLayout& layout) : layout_(layout) {
  const auto w = static_cast<std::size_t>(layout.width);
  const auto chroma = ((w + 1) / 2) * ((static_cast<std::size_t>(layout.height) + 1) / 2);
  switch (layout.format) {
    case PixelFormat::yuyv:
      argb_band_.resize(w * 4 * kBandRows);
      break;
    case PixelFormat::i420:
      break;
    case PixelFormat::nv12:
      u_plane_.resize(chroma);
      v_plane_.resize(chroma);
      break;
    default:
      fail("output: cannot convert to {}", pixel_format_name(layout.format));
  }
}

void BgrConverter::convert(const cv::Mat& bgr, std::uint8_t* dst) {
  if (bgr.type() != CV_8UC3 || bgr.cols != layout_.width || bgr.rows != layout_.height) {
    fail("output: got a {}x{} frame of type {}, expected {}x{} 8-bit BGR", bgr.cols, bgr.rows, bgr.type(),
         layout_.width, layout_.height);
  }
  const int w = layout_.width;
  const int h = layout_.height;
  const int src_stride = static_cast<int>(bgr.step[0]);
  const auto& p = layout_.planes;
  switch (layout_.format) {
    case PixelFormat::yuyv: {
      const int argb_stride = w * 4;
      for (int y = 0; y < h; y += kBandRows) {
        const int rows = std::min(kBandRows, h - y);
        libyuv::RGB24ToARGB(bgr.ptr<std::uint8_t>(y), src_stride, argb_band_.data(), argb_stride, w, rows);
        libyuv::ARGBToYUY2(argb_band_.data(), argb_stride,
                           dst + p[0].offset + static_cast<std::size_t>(y) * p[0].stride, as_int(p[0].stride), w, rows);
      }
      break;
    }
    case PixelFormat::i420:
      libyuv::RGB24ToI420(bgr.data, src_stride, dst + p[0].offset, as_int(p[0].stride), dst + p[1].offset,
                          as_int(p[1].stride), dst + p[2].offset, as_int(p[2].stride), w, h);
      break;
    case PixelFormat::nv12: {
      // libyuv 1857 has no RGB24ToNV12: luma goes straight to its place,
      // chroma via two quarter-size planes that are then interleaved.
      const int cw = (w + 1) / 2;
      const int ch = (h + 1) / 2;
      libyuv::RGB24ToI420(bgr.data, src_stride, dst + p[0].offset, as_int(p[0].stride), u_plane_.data(), cw,
                          v_plane_.data(), cw, w, h);
      libyuv::MergeUVPlane(u_plane_.data(), cw, v_plane_.data(), cw, dst + p[1].offset, as_int(p[1].stride), cw, ch);
      break;
    }
    default:
      break;  // refused by the constructor
  }
}

void bgr_to_rgb24(const cv::Mat& bgr, Rgb24Order order, std::uint8_t* dst, std::size_t dst_stride) {
  if (bgr.type() != CV_8UC3) fail("output: got a frame of type {}, expected 8-bit BGR", bgr.type());
  const int src_stride = static_cast<int>(bgr.step[0]);
  if (order == Rgb24Order::rgb) {
    // Swapping bytes 0 and 2 is its own inverse, so RAW->RGB24 also does BGR->RGB.
    libyuv::RAWToRGB24(bgr.data, src_stride, dst, static_cast<int>(dst_stride), bgr.cols, bgr.rows);
  } else {
    const auto row_bytes = static_cast<std::size_t>(bgr.cols) * 3;
    for (int y = 0; y < bgr.rows; ++y) std::copy_n(bgr.ptr<std::uint8_t>(y), row_bytes, dst + y * dst_stride);
  }
}

}  // namespace fakecam::output
