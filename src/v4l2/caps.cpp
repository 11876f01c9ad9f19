// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/caps.hpp"

#include <linux/videodev2.h>

#include "v4l2/ioctl.hpp"

namespace fakecam::v4l2 {

bool DeviceCaps::video_output() const { return (caps & (V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_OUTPUT_MPLANE)) != 0; }
bool DeviceCaps::video_capture() const {
  return (caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE)) != 0;
}
bool DeviceCaps::streaming() const { return (caps & V4L2_CAP_STREAMING) != 0; }
bool DeviceCaps::read_write() const { return (caps & V4L2_CAP_READWRITE) != 0; }

std::optional<DeviceCaps> query_caps(int fd) {
  v4l2_capability cap{};
  if (ioctl(fd, VIDIOC_QUERYCAP, &cap) != 0) return std::nullopt;
  DeviceCaps caps;
  caps.driver = kernel_text(cap.driver);
  caps.card = kernel_text(cap.card);
  caps.caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : cap.capabilities;
  return caps;
}

std::string query_bus_info(int fd) {
  v4l2_capability cap{};
  if (ioctl(fd, VIDIOC_QUERYCAP, &cap) != 0) return {};
  return kernel_text(cap.bus_info);
}

}  // namespace fakecam::v4l2
