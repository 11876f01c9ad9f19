// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Opening V4L2 device nodes and listing the ones the kernel has, shared by
// the v4l2loopback and akvcam sinks, loopback discovery and preflight.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/unique_fd.hpp"
#include "v4l2/caps.hpp"

namespace fakecam::v4l2 {

// Opens `path` read-write, non-blocking. Throws Error naming the path for a
// missing node (adding `missing_hint`), a node that is not a character device,
// no permission, or a busy device.
UniqueFd open_video_node(const std::string& path, std::string_view missing_hint);

struct VideoNode {
  std::string path;                // /dev/videoN
  std::string name;                // /sys/class/video4linux/videoN/name
  std::optional<DeviceCaps> caps;  // nullopt if it could not be opened
};

// The V4L2 nodes the kernel has, in number order. Each is opened briefly for
// QUERYCAP (for error messages only: this counts as an open for watchers).
std::vector<VideoNode> list_video_nodes(const std::filesystem::path& sysfs_dir = "/sys/class/video4linux",
                                        const std::filesystem::path& dev_dir = "/dev");

// The nodes of `driver`, for an error message: "/dev/video10 ('fakecam',
// free for a producer), /dev/video11 ('webcam', in use by a producer)", or
// "none". akvcam's capture nodes (which take no frames) are left out.
std::string describe_nodes(const std::vector<VideoNode>& nodes, std::string_view driver);

}  // namespace fakecam::v4l2
