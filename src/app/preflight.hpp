// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `fakecam --check`: everything fakecam needs, checked before streaming, each
// problem on one line with the exact fix (the modprobe line, the video
// group, the right /dev/videoN). The same knowledge enriches start-up errors.

#include <filesystem>
#include <string>
#include <vector>

namespace fakecam::app {

// Webcams (capture nodes that are not v4l2loopback or akvcam) found now, as
// "/dev/video0 ('Integrated Camera')", for error messages; "none" if none.
std::string webcam_candidates();

// Warnings about a v4l2loopback device that works but will disappoint, e.g.
// loaded without exclusive_caps=1 (Chrome then does not list it), as the
// module's parameters in sysfs (`module_dir`) say. Empty when all is well,
// when sysfs cannot tell, or when `path` is not a loopback device.
std::vector<std::string> loopback_warnings(const std::string& path,
                                           const std::filesystem::path& module_dir = "/sys/module/v4l2loopback");

}  // namespace fakecam::app
