// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/errors.hpp"

#include <linux/videodev2.h>

#include <cerrno>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.hpp"

namespace fakecam::v4l2 {

namespace {

constexpr const char* kListHint = "list cameras with `v4l2-ctl --list-devices`";

}  // namespace

std::string open_error_message(const std::string& device, int err) {
  switch (err) {
    case ENOENT:
      return fmt::format("{}: no such device (is the webcam plugged in? {})", device, kListHint);
    case EACCES:
    case EPERM:
      return fmt::format(
          "{}: permission denied; add yourself to the video group with `sudo usermod -aG video $USER`, "
          "then log out and back in",
          device);
    case EBUSY:
      return busy_message(device);
    case ENODEV:
    case ENXIO:
      return fmt::format("{}: no device behind this node (unplugged, or its driver is not loaded; {})", device,
                         kListHint);
    case EISDIR:
      return fmt::format("{}: is a directory, not a video device", device);
    default:
      return fmt::format("{}: cannot open: {}", device, errno_text(err));
  }
}

std::string busy_message(const std::string& device) {
  return fmt::format("{}: busy: another program is using the camera (close it; `fuser -v {}` shows which)", device,
                     device);
}

std::string setup_error_message(const std::string& device, const char* step, int err) {
  if (err == EBUSY) return busy_message(device);
  if (is_device_gone(err)) return fmt::format("{}: the camera disappeared while being set up ({})", device, step);
  return fmt::format("{}: {} failed: {}", device, step, errno_text(err));
}

bool is_device_gone(int err) { return err == ENODEV || err == EIO || err == ENXIO || err == EPIPE; }

std::string not_capture_message(const std::string& device, const std::string& card, std::uint32_t caps) {
  const std::string name = card.empty() ? device : fmt::format("{} ({})", device, card);
  if ((caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE) != 0) {
    return fmt::format("{}: uses the multi-planar capture API, which fakecam does not support yet", name);
  }
  if ((caps & (V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_OUTPUT_MPLANE | V4L2_CAP_VIDEO_M2M)) != 0) {
    return fmt::format(
        "{}: not a video capture device: it is a video output (a v4l2loopback virtual camera no program is "
        "feeding?); pass your real webcam, {}",
        name, kListHint);
  }
  if ((caps & V4L2_CAP_META_CAPTURE) != 0) {
    return fmt::format(
        "{}: not a video capture device: it is a metadata node (webcams have one beside the picture node, "
        "usually the one numbered just before it); {}",
        name, kListHint);
  }
  if ((caps & V4L2_CAP_VIDEO_CAPTURE) != 0) {
    return fmt::format("{}: this capture device does not support streaming I/O, which fakecam needs", name);
  }
  return fmt::format("{}: not a video capture device; {}", name, kListHint);
}

std::string not_v4l2_message(const std::string& device, int err) {
  if (is_device_gone(err)) return fmt::format("{}: the camera disappeared while being opened", device);
  return fmt::format("{}: not a video device ({}); {}", device, errno_text(err), kListHint);
}

std::string no_format_message(const std::string& device, const std::string& card,
                              const std::vector<std::string>& offered, const std::string& readable) {
  const std::string name = card.empty() ? device : fmt::format("{} ({})", device, card);
  if (offered.empty()) return fmt::format("{}: offers no pixel formats", name);
  return fmt::format("{}: offers no pixel format fakecam can read: it has {}; fakecam reads {}", name,
                     fmt::join(offered, ", "), readable);
}

}  // namespace fakecam::v4l2
