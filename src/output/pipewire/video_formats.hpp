#pragma once
// The raw video formats fakecam's PipeWire node offers, and how a BGR frame is
// written into a PipeWire buffer in each.
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

#include "output/bgr_converter.hpp"

namespace fakecam::output::pipewire {

enum class VideoFormat {
  i420,  // 4:2:0 planar: what WebRTC (browsers) converts everything to
  yuy2,  // packed 4:2:2: what webcams deliver and V4L2 programs expect
  nv12,
  bgr,   // packed 24-bit B,G,R: fakecam's own frames, no conversion
  rgb,   // packed 24-bit R,G,B
  bgrx,  // packed 32-bit B,G,R,x (OBS and GPU uploads like 32-bit rows)
};

// All of them, in the order fakecam prefers when the consumer has no
// preference.
std::span<const VideoFormat> all_video_formats();

// "I420", "YUY2", "NV12", "BGR", "RGB", "BGRx" (the names GStreamer and
// PipeWire use).
std::string_view video_format_name(VideoFormat format);

// The SPA_VIDEO_FORMAT_* value and back (nullopt for formats not offered).
std::uint32_t to_spa_video_format(VideoFormat format);
std::optional<VideoFormat> from_spa_video_format(std::uint32_t spa_format);

bool is_yuv(VideoFormat format);

// Writes BGR frames of one size into buffers of one format.
class FrameWriter {
 public:
  // Throws Error if the size cannot be represented (odd sizes for YUV).
  FrameWriter(VideoFormat format, int width, int height);

  VideoFormat format() const { return format_; }
  // Bytes per row of the first plane, and of a whole frame.
  std::size_t stride() const { return stride_; }
  std::size_t frame_size() const { return frame_size_; }

  // `bgr`: CV_8UC3 of the writer's size; `dst`: at least frame_size() bytes.
  void write(const cv::Mat& bgr, std::uint8_t* dst);

 private:
  VideoFormat format_;
  int width_;
  int height_;
  std::size_t stride_ = 0;
  std::size_t frame_size_ = 0;
  std::optional<BgrConverter> yuv_;  // the YUV formats
};

}  // namespace fakecam::output::pipewire
