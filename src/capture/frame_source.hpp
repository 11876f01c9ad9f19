// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where frames come from: a V4L2 webcam or a video/image file. The app reads
// through FrameSource and does not care which.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "capture/capture_format.hpp"
#include "common/error.hpp"
#include "common/frame.hpp"
#include "v4l2/errors.hpp"

namespace fakecam::capture {

// The webcam went away while streaming (DeviceLost), or is not there (yet)
// when opened (DeviceAbsent): see v4l2/errors.hpp. File sources and the app
// use them too, under these names.
using DeviceLost = v4l2::DeviceLost;
using DeviceAbsent = v4l2::DeviceAbsent;

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  FrameSource() = default;
  FrameSource(const FrameSource&) = delete;
  FrameSource& operator=(const FrameSource&) = delete;

  // Waits up to `timeout` for the next frame and fills `frame` (frame.image,
  // BGR CV_8UC3 of size(); or frame.yuv, leaving frame.image empty, for a
  // source opened with `yuv`; the buffer is reused when the size is
  // unchanged, so copy the image if you keep it past the next read). Returns
  // false on timeout, leaving `frame` untouched. Throws DeviceLost when the
  // device disappears, Error for other failures.
  virtual bool read(Frame& frame, std::chrono::milliseconds timeout) = 0;
  // Like read(), but the frame is consumed without being decoded: a caller
  // that processes fewer frames than the camera sends (--max-fps) does not
  // pay for decoding the ones it drops. Returns false on timeout.
  virtual bool skip(std::chrono::milliseconds timeout) {
    Frame scratch;
    return read(scratch, timeout);
  }
  // The size of the frames read() delivers.
  virtual cv::Size size() const = 0;
  // The negotiated (webcam) or native (file) frame rate.
  virtual double fps() const = 0;
  // One line for logs and the status line, e.g.
  // "/dev/video0 (HD Pro Webcam C920) MJPG 1280x720 @30".
  virtual std::string description() const = 0;
};

struct WebcamOptions {
  std::string path = "/dev/video0";
  cv::Size size{1280, 720};
  double fps = 30;
  std::optional<PixelFormat> format;  // nullopt: auto (MJPEG, then YUYV, ...); see parse_capture_format()
  // MJPEG only: decode with DCT scaling to the smallest size that is still at
  // least this large (empty: full size). E.g. a 1920x1080 camera read for a
  // 960x540 output decodes at 960x540 for about a third of the cost.
  cv::Size decode_at_least{};
  int buffers = 4;  // mmap buffers queued with the driver
  // Deliver frames in Frame::yuv (I420, BT.601 limited range) and leave
  // Frame::image empty. The camera's own YUV is kept: YUYV/UYVY/NV12 are
  // rearranged, MJPEG is decoded to its YUV planes, never through BGR.
  // Needs an even frame size: DCT scaling then picks a factor that gives one,
  // and a camera mode of odd size is refused when the webcam is opened.
  bool yuv = false;
};

// Opens and starts the webcam in the mode nearest to the options (see
// choose_mode()), logging the mode chosen. Throws Error with one line naming
// the device for: no such device, permission denied (with the fix), busy, not
// a capture device, no supported format (listing what it offers).
std::unique_ptr<FrameSource> open_webcam(const WebcamOptions& options);

struct FileSourceOptions {
  cv::Size size{};    // resize every frame to this (0x0: the file's own size; one side 0: that side keeps the aspect)
  double fps = 30;    // the rate for a still image, or a video that does not say
  bool paced = true;  // false: deliver frames as fast as read() is called (tests, benchmarks)
  // Deliver frames in Frame::yuv (I420, BT.601 limited range) and leave
  // Frame::image empty. Videos decoded to 8-bit 4:2:0/4:2:2/4:4:4 YUV
  // (MJPEG, H.264, VP8/9...) reach it without BGR; resizing is done in YUV.
  // A file of odd width or height played at its own size is resized to the
  // even size just below (641x481 -> 640x480); an odd `size` asked for is
  // refused by open_file_source().
  bool yuv = false;
};

// A video or a still image (anything FFmpeg reads, see media/media_reader.hpp),
// looping forever, paced at the video's own rate (a still
// image at options.fps). Throws Error naming the file when it is missing,
// unreadable, or neither a video nor an image.
// The size a file of `file` size is played at for FileSourceOptions::size
// `wanted`: the missing side follows the file's aspect, rounded to an even
// number (video formats subsample colour by 2).
cv::Size file_output_size(cv::Size wanted, cv::Size file);

std::unique_ptr<FrameSource> open_file_source(const std::filesystem::path& path, const FileSourceOptions& options = {});

}  // namespace fakecam::capture
