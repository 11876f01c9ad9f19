// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A V4L2 video capture node (a webcam): the open file descriptor, what it
// can do, its formats, and setting one. Streaming is capture_stream.hpp.

#include <linux/videodev2.h>

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "common/unique_fd.hpp"

namespace fakecam::v4l2 {

struct FormatInfo {
  std::uint32_t code = 0;   // V4L2 fourcc
  std::string description;  // the driver's name for it, e.g. "Motion-JPEG"
};

// The format the driver actually set (it may adjust what was asked).
struct ActiveFormat {
  std::uint32_t format = 0;  // V4L2 fourcc
  cv::Size size;
  int stride = 0;               // bytesperline
  std::size_t image_bytes = 0;  // sizeimage
};

class CaptureDevice {
 public:
  // Opens `path` (non-blocking) and checks that it is a video capture device
  // with streaming I/O. Throws Error with the user-facing message otherwise.
  explicit CaptureDevice(std::string path);

  const std::string& path() const { return path_; }
  const std::string& card() const { return card_; }
  const std::string& driver() const { return driver_; }
  int fd() const { return fd_.get(); }

  // ioctl(2), retried on EINTR. Returns 0 or the errno value.
  int ioctl(unsigned long request, void* arg) const;

  std::vector<FormatInfo> formats() const;

  // VIDIOC_S_FMT; throws Error (busy, ...) on failure.
  ActiveFormat set_format(std::uint32_t format, cv::Size size);
  // VIDIOC_S_PARM; returns the rate the driver settled on, or 0 when the
  // driver has no rate control.
  double set_frame_rate(double fps);

 private:
  std::string path_;
  UniqueFd fd_;
  std::string card_;
  std::string driver_;
};

}  // namespace fakecam::v4l2
