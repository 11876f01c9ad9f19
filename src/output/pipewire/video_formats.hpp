// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The raw video formats fakecam's PipeWire node offers, and how a BGR or a YUV
// (I420) frame is written into a PipeWire buffer in each.
//
// Every format goes in ONE data block with tightly packed rows and planes
// (I420: Y, then U, then V; NV12: Y, then interleaved UV), the layout
// PipeWire's own V4L2 and libcamera nodes deliver and the one WebRTC's
// PipeWire capturer (Chromium, Firefox) reads from datas[0]. YUV is BT.601
// limited range, as from a webcam (see output/bgr_converter.hpp).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <opencv2/core.hpp>

#include "common/pixel_format.hpp"
#include "common/yuv_image.hpp"
#include "output/bgr_converter.hpp"

namespace fakecam::output::pipewire {

// The formats offered: I420 (what WebRTC converts everything to), YUYV
// (what webcams deliver and V4L2 programs expect), NV12, BGR24 (fakecam's
// own frames), RGB24, BGRx (OBS and GPU uploads like 32-bit rows); in the
// order fakecam prefers when the consumer has no preference.
std::span<const PixelFormat> all_video_formats();

// "I420", "YUY2", "NV12", "BGR", "RGB", "BGRx" (the names GStreamer and
// PipeWire use).
std::string_view video_format_name(PixelFormat format);

// The SPA_VIDEO_FORMAT_* value (SPA_VIDEO_FORMAT_UNKNOWN for a format not
// offered) and back (nullopt for formats not offered).
std::uint32_t to_spa_video_format(PixelFormat format);
std::optional<PixelFormat> from_spa_video_format(std::uint32_t spa_format);

bool is_yuv(PixelFormat format);

// Writes BGR or YUV frames of one size into buffers of one format.
class FrameWriter {
 public:
  // Throws Error if the size cannot be represented (odd sizes for YUV).
  FrameWriter(PixelFormat format, int width, int height);

  PixelFormat format() const { return format_; }
  // Bytes per row of the first plane, and of a whole frame.
  std::size_t stride() const { return stride_; }
  std::size_t frame_size() const { return frame_size_; }

  // `bgr`: CV_8UC3 of the writer's size; `dst`: at least frame_size() bytes.
  void write(const cv::Mat& bgr, std::uint8_t* dst);
  // `frame`: of the writer's size. The YUV formats get its planes repacked
  // (output/yuv_converter.hpp), the RGB ones libyuv's BT.601 decoding.
  void write(const YuvImage& frame, std::uint8_t* dst);

 private:
  PixelFormat format_;
  int width_;
  int height_;
  std::size_t stride_ = 0;
  std::size_t frame_size_ = 0;
  std::optional<BgrConverter> yuv_;  // the YUV formats
};

}  // namespace fakecam::output::pipewire
