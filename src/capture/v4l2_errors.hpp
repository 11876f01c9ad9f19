#pragma once
// The one-line messages for V4L2 failures, as pure functions of the device,
// errno and what the driver reported, so each wording is unit-tested.

#include <cstdint>
#include <string>
#include <vector>

namespace fakecam::capture {

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

// The camera offers no format fakecam converts; `offered` like "Y10 (10-bit Greyscale)".
std::string no_format_message(const std::string& device, const std::string& card, const std::vector<std::string>& offered);

}  // namespace fakecam::capture
