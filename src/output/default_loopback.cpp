#include "output/default_loopback.hpp"

#include <filesystem>

#include "common/error.hpp"

namespace fakecam::output {

std::string choose_default_loopback(const std::vector<VideoNode>& nodes, bool module_loaded) {
  std::vector<const VideoNode*> loopbacks;
  for (const auto& node : nodes) {
    if (node.caps && node.caps->driver == kLoopbackDriver) loopbacks.push_back(&node);
  }
  for (const VideoNode* node : loopbacks) {
    if (node->name == kDefaultLoopbackLabel) return node->path;
  }
  if (loopbacks.size() == 1) return loopbacks.front()->path;
  if (loopbacks.empty()) {
    fail("no virtual camera to write to: {}; create one: sudo modprobe v4l2loopback devices=1 exclusive_caps=1 "
         "video_nr=10 card_label={} (or name a device with -v, or use -v pipewire:)",
         module_loaded ? "v4l2loopback is loaded but made no device" : "v4l2loopback is not loaded",
         kDefaultLoopbackLabel);
  }
  fail("several v4l2loopback devices and none labelled '{}': {}; pass the one to write to with -v",
       kDefaultLoopbackLabel, describe_nodes(nodes, kLoopbackDriver));
}

std::string default_loopback_device() {
  std::error_code ec;
  return choose_default_loopback(list_video_nodes(), std::filesystem::exists("/sys/module/v4l2loopback", ec));
}

}  // namespace fakecam::output
