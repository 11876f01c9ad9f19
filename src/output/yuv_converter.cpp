// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/yuv_converter.hpp"

#include <libyuv/convert.h>
#include <libyuv/convert_argb.h>
#include <libyuv/convert_from.h>

#include "common/error.hpp"

namespace fakecam::output {
namespace {

int as_int(std::size_t v) { return static_cast<int>(v); }

// The planes of a YuvImage as libyuv takes them.
struct SourcePlanes {
  const std::uint8_t* y;
  const std::uint8_t* u;
  const std::uint8_t* v;
  int y_stride;
  int chroma_stride;
};

SourcePlanes planes_of(const YuvImage& frame) {
  const cv::Mat y = frame.y(), u = frame.u(), v = frame.v();
  return {y.data, u.data, v.data, static_cast<int>(y.step), static_cast<int>(u.step)};
}

}  // namespace

void yuv_to_layout(const YuvImage& frame, const FrameLayout& layout, std::uint8_t* dst) {
  if (frame.size() != cv::Size(layout.width, layout.height)) {
    fail("output: got a {}x{} YUV frame, expected {}x{}", frame.size().width, frame.size().height, layout.width,
         layout.height);
  }
  const SourcePlanes s = planes_of(frame);
  const int w = layout.width;
  const int h = layout.height;
  const auto& p = layout.planes;
  switch (layout.format) {
    case PixelFormat::yuyv:
      libyuv::I420ToYUY2(s.y, s.y_stride, s.u, s.chroma_stride, s.v, s.chroma_stride, dst + p[0].offset,
                         as_int(p[0].stride), w, h);
      break;
    case PixelFormat::i420:
      libyuv::I420Copy(s.y, s.y_stride, s.u, s.chroma_stride, s.v, s.chroma_stride, dst + p[0].offset,
                       as_int(p[0].stride), dst + p[1].offset, as_int(p[1].stride), dst + p[2].offset,
                       as_int(p[2].stride), w, h);
      break;
    case PixelFormat::nv12:
      libyuv::I420ToNV12(s.y, s.y_stride, s.u, s.chroma_stride, s.v, s.chroma_stride, dst + p[0].offset,
                         as_int(p[0].stride), dst + p[1].offset, as_int(p[1].stride), w, h);
      break;
    default:
      fail("output: cannot write a YUV frame as {}", pixel_format_name(layout.format));
  }
}

void yuv_to_rgb24(const YuvImage& frame, Rgb24Order order, std::uint8_t* dst, std::size_t dst_stride) {
  if (frame.empty()) fail("output: got an empty YUV frame");
  const SourcePlanes s = planes_of(frame);
  const int w = frame.size().width;
  const int h = frame.size().height;
  // libyuv's "RAW" is R,G,B in memory, its "RGB24" B,G,R (OpenCV's BGR).
  const auto convert = order == Rgb24Order::rgb ? libyuv::I420ToRAW : libyuv::I420ToRGB24;
  convert(s.y, s.y_stride, s.u, s.chroma_stride, s.v, s.chroma_stride, dst, as_int(dst_stride), w, h);
}

}  // namespace fakecam::output
