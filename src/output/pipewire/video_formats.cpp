// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/pipewire/video_formats.hpp"

#include <algorithm>
#include <array>

#include <libyuv/convert_argb.h>
#include <spa/param/video/raw.h>

#include "common/error.hpp"
#include "output/frame_layout.hpp"
#include "output/yuv_converter.hpp"

namespace fakecam::output::pipewire {
namespace {

constexpr std::array kFormats = {PixelFormat::i420,  PixelFormat::yuyv,  PixelFormat::nv12,
                                 PixelFormat::bgr24, PixelFormat::rgb24, PixelFormat::bgrx};

std::size_t bytes_per_pixel(PixelFormat format) { return format == PixelFormat::bgrx ? 4 : 3; }

}  // namespace

std::span<const PixelFormat> all_video_formats() { return kFormats; }

std::string_view video_format_name(PixelFormat format) {
  switch (format) {
    case PixelFormat::i420:
      return "I420";
    case PixelFormat::yuyv:
      return "YUY2";
    case PixelFormat::nv12:
      return "NV12";
    case PixelFormat::bgr24:
      return "BGR";
    case PixelFormat::rgb24:
      return "RGB";
    case PixelFormat::bgrx:
      return "BGRx";
    default:
      return pixel_format_name(format);  // not offered
  }
}

std::uint32_t to_spa_video_format(PixelFormat format) {
  switch (format) {
    case PixelFormat::i420:
      return SPA_VIDEO_FORMAT_I420;
    case PixelFormat::yuyv:
      return SPA_VIDEO_FORMAT_YUY2;
    case PixelFormat::nv12:
      return SPA_VIDEO_FORMAT_NV12;
    case PixelFormat::bgr24:
      return SPA_VIDEO_FORMAT_BGR;
    case PixelFormat::rgb24:
      return SPA_VIDEO_FORMAT_RGB;
    case PixelFormat::bgrx:
      return SPA_VIDEO_FORMAT_BGRx;
    default:
      return SPA_VIDEO_FORMAT_UNKNOWN;  // not offered
  }
}

std::optional<PixelFormat> from_spa_video_format(std::uint32_t spa_format) {
  for (PixelFormat f : kFormats) {
    if (to_spa_video_format(f) == spa_format) return f;
  }
  return std::nullopt;
}

bool is_yuv(PixelFormat format) { return is_yuv_output(format); }

FrameWriter::FrameWriter(PixelFormat format, int width, int height) : format_(format), width_(width), height_(height) {
  if (std::find(kFormats.begin(), kFormats.end(), format) == kFormats.end()) {
    fail("PipeWire: {} is not a format the camera offers", pixel_format_name(format));
  }
  if (is_yuv(format)) {
    check_frame_size("PipeWire", format, width, height);
    const FrameLayout layout = frame_layout(format, width, height);
    stride_ = layout.planes[0].stride;
    frame_size_ = layout.size;
    yuv_.emplace(layout);
  } else {
    if (width <= 0 || height <= 0) fail("PipeWire: frame size {}x{} is not valid", width, height);
    stride_ = static_cast<std::size_t>(width) * bytes_per_pixel(format);
    frame_size_ = stride_ * static_cast<std::size_t>(height);
  }
}

void FrameWriter::write(const cv::Mat& bgr, std::uint8_t* dst) {
  if (bgr.type() != CV_8UC3 || bgr.cols != width_ || bgr.rows != height_) {
    fail("PipeWire output: got a {}x{} frame of type {}, expected {}x{} 8-bit BGR", bgr.cols, bgr.rows, bgr.type(),
         width_, height_);
  }
  switch (format_) {
    case PixelFormat::i420:
    case PixelFormat::yuyv:
    case PixelFormat::nv12:
      yuv_->convert(bgr, dst);
      break;
    case PixelFormat::bgr24:
      bgr_to_rgb24(bgr, Rgb24Order::bgr, dst, stride_);
      break;
    case PixelFormat::rgb24:
      bgr_to_rgb24(bgr, Rgb24Order::rgb, dst, stride_);
      break;
    case PixelFormat::bgrx:
      // libyuv's "ARGB" is B,G,R,A in memory; A is set to 255.
      libyuv::RGB24ToARGB(bgr.data, static_cast<int>(bgr.step[0]), dst, static_cast<int>(stride_), width_, height_);
      break;
    default:
      break;  // refused by the constructor
  }
}

void FrameWriter::write(const YuvImage& frame, std::uint8_t* dst) {
  if (frame.size() != cv::Size(width_, height_)) {
    fail("PipeWire output: got a {}x{} YUV frame, expected {}x{}", frame.size().width, frame.size().height, width_,
         height_);
  }
  switch (format_) {
    case PixelFormat::i420:
    case PixelFormat::yuyv:
    case PixelFormat::nv12:
      yuv_to_layout(frame, yuv_->layout(), dst);
      break;
    case PixelFormat::bgr24:
      yuv_to_rgb24(frame, Rgb24Order::bgr, dst, stride_);
      break;
    case PixelFormat::rgb24:
      yuv_to_rgb24(frame, Rgb24Order::rgb, dst, stride_);
      break;
    case PixelFormat::bgrx: {
      // libyuv's "ARGB" is B,G,R,A in memory; A is set to 255.
      const cv::Mat y = frame.y(), u = frame.u(), v = frame.v();
      libyuv::I420ToARGB(y.data, static_cast<int>(y.step), u.data, static_cast<int>(u.step), v.data,
                         static_cast<int>(v.step), dst, static_cast<int>(stride_), width_, height_);
      break;
    }
    default:
      break;  // refused by the constructor
  }
}

}  // namespace fakecam::output::pipewire
