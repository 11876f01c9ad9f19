// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/default_loopback.hpp"

#include <filesystem>

#include "common/error.hpp"

namespace fakecam::output {

std::string choose_default_loopback(const std::vector<v4l2::VideoNode>& nodes, bool module_loaded) {
  std::vector<const v4l2::VideoNode*> loopbacks;
  for (const auto& node : nodes) {
    if (node.caps && node.caps->driver == v4l2::kLoopbackDriver) loopbacks.push_back(&node);
  }
  for (const v4l2::VideoNode* node : loopbacks) {
    if (node->name == kDefaultLoopbackLabel) return node->path;
  }
  if (loopbacks.size() == 1) return loopbacks.front()->path;
  if (loopbacks.empty()) {
    fail(
        "no virtual camera to write to: {}; create one: sudo modprobe v4l2loopback devices=1 exclusive_caps=1 "
        "video_nr=10 card_label={} (or name a device with -v, or use -v pipewire:)",
        module_loaded ? "v4l2loopback is loaded but made no device" : "v4l2loopback is not loaded",
        kDefaultLoopbackLabel);
  }
  fail("several v4l2loopback devices and none labelled '{}': {}; pass the one to write to with -v",
       kDefaultLoopbackLabel, v4l2::describe_nodes(nodes, v4l2::kLoopbackDriver));
}

std::string default_loopback_device() {
  std::error_code ec;
  return choose_default_loopback(v4l2::list_video_nodes(), std::filesystem::exists("/sys/module/v4l2loopback", ec));
}

}  // namespace fakecam::output
