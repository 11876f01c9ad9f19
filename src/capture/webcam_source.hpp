// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A V4L2 webcam as a FrameSource: mode negotiation, mmap streaming, and the
// conversion of each frame (MJPEG or a raw YUV format) to BGR, or to I420
// when opened with WebcamOptions::yuv.

#include <memory>
#include <span>
#include <string>

#include "capture/capture_mode.hpp"
#include "capture/frame_source.hpp"
#include "capture/mjpeg_decoder.hpp"
#include "capture/raw_converter.hpp"
#include "v4l2/capture_device.hpp"
#include "v4l2/capture_stream.hpp"

namespace fakecam::capture {

class WebcamSource final : public FrameSource {
 public:
  explicit WebcamSource(const WebcamOptions& options);

  bool read(Frame& frame, std::chrono::milliseconds timeout) override;
  // Dequeues and requeues one buffer: no JPEG decode, no conversion.
  bool skip(std::chrono::milliseconds timeout) override;
  cv::Size size() const override { return output_size_; }
  double fps() const override { return fps_; }
  std::string description() const override { return description_; }

  // What was negotiated with the driver (before any DCT scaling).
  const v4l2::ActiveFormat& active_format() const { return active_; }

 private:
  // Converts the buffer into `frame.image`; false (frame untouched) for a
  // frame that must be dropped.
  bool deliver(const v4l2::CaptureBuffer& buffer, Frame& frame);
  // The same into `frame.yuv` (options.yuv).
  bool convert_yuv(std::span<const std::uint8_t> data, Frame& frame);
  // Whether the JPEG's header gives the negotiated size (noting the drop
  // when it does not).
  bool has_negotiated_size(std::span<const std::uint8_t> jpeg);
  void note_dropped(const std::string& why);

  v4l2::CaptureDevice device_;
  bool yuv_ = false;  // deliver Frame::yuv (WebcamOptions::yuv)
  v4l2::ActiveFormat active_;
  PixelFormat format_ = PixelFormat::mjpeg;  // active_.format
  double fps_ = 0;
  DctScale scale_;
  cv::Size output_size_;
  std::string description_;
  std::unique_ptr<v4l2::CaptureStream> stream_;  // after device_: stops before the fd closes

  MjpegDecoder jpeg_;
  RawConverter raw_;
  cv::Mat scratch_;       // MJPEG decodes here first, so a corrupt frame never reaches the caller
  YuvImage scratch_yuv_;  // the same for YUV
  std::uint64_t sequence_ = 0;
  int dropped_in_a_row_ = 0;
  bool warned_dropping_ = false;
};

}  // namespace fakecam::capture
