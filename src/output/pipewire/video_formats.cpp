#include "output/pipewire/video_formats.hpp"

#include <array>

#include <libyuv/convert_argb.h>
#include <spa/param/video/raw.h>

#include "common/error.hpp"
#include "output/pixel_format.hpp"

namespace fakecam::output::pipewire {
namespace {

constexpr std::array kFormats = {VideoFormat::i420, VideoFormat::yuy2, VideoFormat::nv12,
                                 VideoFormat::bgr,  VideoFormat::rgb,  VideoFormat::bgrx};

std::optional<PixelFormat> yuv_pixel_format(VideoFormat format) {
  switch (format) {
    case VideoFormat::i420: return PixelFormat::i420;
    case VideoFormat::yuy2: return PixelFormat::yuyv;
    case VideoFormat::nv12: return PixelFormat::nv12;
    default: return std::nullopt;
  }
}

std::size_t bytes_per_pixel(VideoFormat format) { return format == VideoFormat::bgrx ? 4 : 3; }

}  // namespace

std::span<const VideoFormat> all_video_formats() { return kFormats; }

std::string_view video_format_name(VideoFormat format) {
  switch (format) {
    case VideoFormat::i420: return "I420";
    case VideoFormat::yuy2: return "YUY2";
    case VideoFormat::nv12: return "NV12";
    case VideoFormat::bgr: return "BGR";
    case VideoFormat::rgb: return "RGB";
    case VideoFormat::bgrx: return "BGRx";
  }
  return "?";
}

std::uint32_t to_spa_video_format(VideoFormat format) {
  switch (format) {
    case VideoFormat::i420: return SPA_VIDEO_FORMAT_I420;
    case VideoFormat::yuy2: return SPA_VIDEO_FORMAT_YUY2;
    case VideoFormat::nv12: return SPA_VIDEO_FORMAT_NV12;
    case VideoFormat::bgr: return SPA_VIDEO_FORMAT_BGR;
    case VideoFormat::rgb: return SPA_VIDEO_FORMAT_RGB;
    case VideoFormat::bgrx: return SPA_VIDEO_FORMAT_BGRx;
  }
  return SPA_VIDEO_FORMAT_UNKNOWN;
}

std::optional<VideoFormat> from_spa_video_format(std::uint32_t spa_format) {
  for (VideoFormat f : kFormats) {
    if (to_spa_video_format(f) == spa_format) return f;
  }
  return std::nullopt;
}

bool is_yuv(VideoFormat format) { return yuv_pixel_format(format).has_value(); }

FrameWriter::FrameWriter(VideoFormat format, int width, int height)
    : format_(format), width_(width), height_(height) {
  if (auto yuv = yuv_pixel_format(format)) {
    check_frame_size("PipeWire", *yuv, width, height);
    const FrameLayout layout = frame_layout(*yuv, width, height);
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
    case VideoFormat::i420:
    case VideoFormat::yuy2:
    case VideoFormat::nv12: yuv_->convert(bgr, dst); break;
    case VideoFormat::bgr: bgr_to_rgb24(bgr, Rgb24Order::bgr, dst, stride_); break;
    case VideoFormat::rgb: bgr_to_rgb24(bgr, Rgb24Order::rgb, dst, stride_); break;
    case VideoFormat::bgrx:
      // libyuv's "ARGB" is B,G,R,A in memory; A is set to 255.
      libyuv::RGB24ToARGB(bgr.data, static_cast<int>(bgr.step[0]), dst, static_cast<int>(stride_), width_, height_);
      break;
  }
}

}  // namespace fakecam::output::pipewire
