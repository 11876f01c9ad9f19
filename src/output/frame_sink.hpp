// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where finished frames go: a virtual camera (v4l2loopback, akvcam) or a
// YUV4MPEG2 stream (a file, or stdout for `fakecam ... | ffplay -`).
//
// A sink is opened for one frame size and rate; write() takes 8-bit BGR frames
// and write_yuv() I420 frames (common/yuv_image.hpp) of exactly that size, and
// converts them to the device's format. Opening
// checks everything it can (device type, format, size) and throws
// fakecam::Error with one line naming the device or file and the fix.

#include <cstdint>
#include <memory>
#include <string>

#include <opencv2/core.hpp>

#include "common/error.hpp"
#include "common/yuv_image.hpp"
#include "output/frame_layout.hpp"

namespace fakecam::output {

class FrameSink {
 public:
  virtual ~FrameSink() = default;

  // `bgr`: CV_8UC3 at the size given at open. Never blocks for long: a frame
  // the device has no free buffer for is dropped (see dropped_frames()).
  // Throws ConsumerClosed when the reader of a stream went away, Error on
  // other failures.
  virtual void write(const cv::Mat& bgr) = 0;

  // The same for a frame in the camera's colour space (issue 12,
  // common/yuv_image.hpp) at the size given at open: YUV devices get its
  // planes repacked, with no trip through BGR; every sink of this layer
  // overrides it. This default, for sinks that only take BGR, converts with
  // yuv_to_bgr() into a buffer kept between frames and calls write(bgr).
  // (Not an overload of write(): a subclass overriding one would hide the
  // other.)
  virtual void write_yuv(const YuvImage& frame);

  // One line for logs and the status line, e.g.
  // "/dev/video10 (v4l2loopback 'fakecam') YUYV 1280x720 @30".
  virtual std::string description() const = 0;

  // Frames write() dropped because the device had no free buffer.
  virtual std::uint64_t dropped_frames() const { return 0; }

 private:
  cv::Mat yuv_as_bgr_;  // write_yuv()'s default: the frame converted to BGR
};

// The consumer of a stream (the other end of a pipe) closed it. Not a
// failure of fakecam: the app may stop and exit 0. Needs SIGPIPE ignored
// (the app does), otherwise the process is killed before this is thrown.
class ConsumerClosed : public Error {
 public:
  using Error::Error;
};

// A v4l2loopback device (e.g. /dev/video10). Frames go out through mmap
// streaming, which leaves the device usable by the next producer (a write()
// producer on v4l2loopback 0.12.7 does not: upstream issue #470; a device
// left stuck that way is reset on open when no reader holds it). The size is
// kept as given (odd widths are an error, not rounded); a device whose format
// a reader keeps from an earlier producer is followed if only the pixel
// format differs, and refused if the size does.
std::unique_ptr<FrameSink> open_v4l2loopback(const std::string& path, int width, int height, int fps,
                                             PixelFormat format = PixelFormat::yuyv);

// An akvcam output device; its formats come from /etc/akvcam/config.ini and
// must include RGB24 (or BGR24) at width x height.
std::unique_ptr<FrameSink> open_akvcam(const std::string& path, int width, int height, int fps);

// A YUV4MPEG2 stream (I420, BT.601 limited range) to `path`, or to stdout
// for "-".
std::unique_ptr<FrameSink> open_y4m(const std::string& path, int width, int height, int fps);

}  // namespace fakecam::output
