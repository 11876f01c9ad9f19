// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Who reads an akvcam camera. Programs never open akvcam's output device (the
// one fakecam writes): they read the capture devices it is connected to
// (config.ini's [Connections]), which akvcam lists in sysfs in the output
// device's controls/connected_devices attribute. On-demand processing watches
// those.

#include <filesystem>
#include <string>
#include <vector>

namespace fakecam::output {

// The capture devices (/dev/videoN) connected to the akvcam output device
// `output`, as akvcam lists them in
// <sysfs_dir>/<videoN>/controls/connected_devices.
// Throws Error naming `output` when the attribute cannot be read (not an
// akvcam output) or lists no device (no connection in the config).
std::vector<std::string> akvcam_capture_devices(const std::filesystem::path& output,
                                                const std::filesystem::path& sysfs_dir = "/sys/class/video4linux");

}  // namespace fakecam::output
