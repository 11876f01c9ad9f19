// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/node.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <fstream>

#include <fmt/format.h>

#include "common/error.hpp"

namespace fakecam::v4l2 {

namespace {

// 10 for /dev/video10, so video2 sorts before video10.
int node_number(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  const auto digits = name.find_first_of("0123456789");
  return digits == std::string::npos ? -1 : std::atoi(name.c_str() + digits);
}

}  // namespace

UniqueFd open_video_node(const std::string& path, std::string_view missing_hint) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) fail("{}: no such device; {}", path, missing_hint);
    fail("{}: cannot open: {}", path, errno_text(err));
  }
  if (S_ISDIR(st.st_mode)) fail("{}: is a directory, not a video device", path);
  if (!S_ISCHR(st.st_mode)) fail("{}: not a video device (not a character device node)", path);
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd) {
    const int err = errno;
    if (err == EACCES || err == EPERM) {
      fail(
          "{}: permission denied; add your user to the group owning it (usually 'video': sudo usermod -aG video "
          "$USER, then log in again)",
          path);
    }
    if (err == EBUSY) fail("{}: device busy (too many programs have it open)", path);
    if (err == ENODEV || err == ENXIO) fail("{}: no such device (the driver is not loaded); {}", path, missing_hint);
    fail("{}: cannot open: {}", path, errno_text(err));
  }
  return fd;
}

std::vector<VideoNode> list_video_nodes(const std::filesystem::path& sysfs_dir, const std::filesystem::path& dev_dir) {
  std::vector<VideoNode> nodes;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(sysfs_dir, ec)) {
    const std::string base = entry.path().filename().string();
    if (!base.starts_with("video")) continue;
    VideoNode node;
    node.path = (dev_dir / base).string();
    std::ifstream name_file(entry.path() / "name");
    std::getline(name_file, node.name);
    UniqueFd fd(::open(node.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (fd) node.caps = query_caps(fd.get());
    nodes.push_back(std::move(node));
  }
  std::sort(nodes.begin(), nodes.end(),
            [](const VideoNode& a, const VideoNode& b) { return node_number(a.path) < node_number(b.path); });
  return nodes;
}

std::string describe_nodes(const std::vector<VideoNode>& nodes, std::string_view driver) {
  std::string text;
  for (const auto& node : nodes) {
    if (!node.caps || node.caps->driver != driver) continue;
    if (driver == kAkvcamDriver && !node.caps->video_output()) continue;  // akvcam capture nodes take no frames
    if (!text.empty()) text += ", ";
    const char* state = "";
    if (driver == kLoopbackDriver)
      state = node.caps->video_output() ? ", free for a producer" : ", not accepting a producer";
    // akvcam names every node "akvcam-device" in sysfs; its card is the config's description.
    const std::string& label = driver == kAkvcamDriver ? node.caps->card : node.name;
    text += fmt::format("{} ('{}'{})", node.path, label, state);
  }
  return text.empty() ? "none" : text;
}

}  // namespace fakecam::v4l2
