// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one-line messages for V4L2 capture failures, as pure functions of the
// device, errno and what the driver reported, so each wording is unit-tested;
// and the two ways a camera can be missing, which callers wait out.

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace fakecam::v4l2 {

// The webcam went away while streaming (unplugged, driver unloaded, USB
// reset). The caller can keep its output alive and reopen, e.g. with
// capture::SupervisedSource.
class DeviceLost : public Error {
 public:
  using Error::Error;
};

// The webcam is not there (yet) when opened: no such node, no device behind
// it, or a v4l2loopback "webcam" (DroidCam, Iriun) whose producer has not
// started. Late USB enumeration and phone apps make this common at start-up,
// so the app waits for it as after an unplug.
class DeviceAbsent : public Error {
 public:
  using Error::Error;
};

// open(2) on the device node failed with `err`.
std::string open_error_message(const std::string& device, int err);

// An ioctl while setting the camera up (`step`, e.g. "VIDIOC_S_FMT") failed
// with `err`. EBUSY gets the "another program has it" wording.
std::string setup_error_message(const std::string& device, const char* step, int err);

// Another program holds the camera (EBUSY from S_FMT, REQBUFS or STREAMON).
std::string busy_message(const std::string& device);

// errno values from a streaming camera that mean it is gone (unplugged,
// driver unloaded, USB reset) rather than a passing hiccup.
bool is_device_gone(int err);

// VIDIOC_QUERYCAP worked but the node cannot capture video. `caps` are the
// node's V4L2 device capabilities.
std::string not_capture_message(const std::string& device, const std::string& card, std::uint32_t caps);

// VIDIOC_QUERYCAP failed: not a V4L2 node at all (/dev/null, a disk, ...).
std::string not_v4l2_message(const std::string& device, int err);

// The camera offers no format fakecam converts; `offered` like "Y10 (10-bit
// Greyscale)", `readable` the formats fakecam converts ("MJPG, YUYV, ...").
std::string no_format_message(const std::string& device, const std::string& card,
                              const std::vector<std::string>& offered, const std::string& readable);

}  // namespace fakecam::v4l2
