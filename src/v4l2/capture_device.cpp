// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/capture_device.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <utility>

#include "common/error.hpp"
#include "common/log.hpp"
#include "v4l2/caps.hpp"
#include "v4l2/errors.hpp"
#include "v4l2/format.hpp"
#include "v4l2/ioctl.hpp"

namespace fakecam::v4l2 {

CaptureDevice::CaptureDevice(std::string path) : path_(std::move(path)) {
  fd_ = UniqueFd(::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (fd_.get() < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENODEV || err == ENXIO) throw DeviceAbsent(open_error_message(path_, err));
    fail("{}", open_error_message(path_, err));
  }

  struct stat st {};
  if (::fstat(fd_.get(), &st) == 0 && !S_ISCHR(st.st_mode)) {
    fail("{}: not a video device (it is {}); {}", path_, S_ISDIR(st.st_mode) ? "a directory" : "a regular file",
         "list cameras with `v4l2-ctl --list-devices`");
  }
  v4l2_capability cap{};
  if (const int err = ioctl(VIDIOC_QUERYCAP, &cap); err != 0) fail("{}", not_v4l2_message(path_, err));
  card_ = kernel_text(cap.card);
  driver_ = kernel_text(cap.driver);
  const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : cap.capabilities;
  if ((caps & V4L2_CAP_VIDEO_CAPTURE) == 0 || (caps & V4L2_CAP_STREAMING) == 0) {
    // A v4l2loopback node offering only output (exclusive_caps=1) is a phone
    // or other producer's camera that is not running yet.
    if (driver_ == kLoopbackDriver && (caps & V4L2_CAP_VIDEO_OUTPUT) != 0 && (caps & V4L2_CAP_VIDEO_CAPTURE) == 0) {
      throw DeviceAbsent(not_capture_message(path_, card_, caps));
    }
    fail("{}", not_capture_message(path_, card_, caps));
  }
}

int CaptureDevice::ioctl(unsigned long request, void* arg) const { return v4l2::ioctl(fd_.get(), request, arg); }

std::vector<FormatInfo> CaptureDevice::formats() const {
  std::vector<FormatInfo> list;
  for (std::uint32_t index = 0;; ++index) {
    v4l2_fmtdesc desc{};
    desc.index = index;
    desc.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (ioctl(VIDIOC_ENUM_FMT, &desc) != 0) break;
    list.push_back({desc.pixelformat, kernel_text(desc.description)});
  }
  return list;
}

ActiveFormat CaptureDevice::set_format(std::uint32_t format, cv::Size size) {
  v4l2_format f{};
  f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  f.fmt.pix.pixelformat = format;
  f.fmt.pix.width = static_cast<std::uint32_t>(size.width);
  f.fmt.pix.height = static_cast<std::uint32_t>(size.height);
  f.fmt.pix.field = V4L2_FIELD_NONE;
  if (const int err = ioctl(VIDIOC_S_FMT, &f); err != 0) fail("{}", setup_error_message(path_, "VIDIOC_S_FMT", err));
  return {f.fmt.pix.pixelformat,
          {static_cast<int>(f.fmt.pix.width), static_cast<int>(f.fmt.pix.height)},
          static_cast<int>(f.fmt.pix.bytesperline),
          f.fmt.pix.sizeimage};
}

double CaptureDevice::set_frame_rate(double fps) {
  v4l2_streamparm parm{};
  parm.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  if (ioctl(VIDIOC_G_PARM, &parm) != 0) return 0.0;
  if ((parm.parm.capture.capability & V4L2_CAP_TIMEPERFRAME) != 0 && fps > 0) {
    parm.parm.capture.timeperframe = frame_interval(fps);
    if (const int err = ioctl(VIDIOC_S_PARM, &parm); err != 0) {
      if (err == EBUSY || is_device_gone(err)) fail("{}", setup_error_message(path_, "VIDIOC_S_PARM", err));
      spdlog::warn("{}: cannot set the frame rate to {}: {}", path_, fps, errno_text(err));
      if (ioctl(VIDIOC_G_PARM, &parm) != 0) return 0.0;
    }
  }
  return frame_rate(parm.parm.capture.timeperframe);
}

}  // namespace fakecam::v4l2
