// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The virtual camera fakecam writes to when no -v is given: the v4l2loopback
// device labelled `fakecam` (what the README's modprobe line creates, at any
// number), else the only v4l2loopback device. Anything else is the user's
// choice to make, so the error lists the devices to pass with -v.

#include <string>
#include <vector>

#include "v4l2/node.hpp"

namespace fakecam::output {

// The label the README and every fix fakecam prints give the device.
inline constexpr const char* kDefaultLoopbackLabel = "fakecam";

// Picks from `nodes` (as v4l2::list_video_nodes() returns them). Throws Error with
// the modprobe line when there is no loopback device, or the list when there
// are several and none is labelled fakecam. `module_loaded` only words the
// first case.
std::string choose_default_loopback(const std::vector<v4l2::VideoNode>& nodes, bool module_loaded);

// choose_default_loopback() on this machine's devices.
std::string default_loopback_device();

}  // namespace fakecam::output
