#include "app/preflight.hpp"

#include <fcntl.h>

#include <fmt/format.h>

#include "common/unique_fd.hpp"
#include "output/v4l2_node.hpp"

namespace fakecam::app {

std::string webcam_candidates() {
  std::string text;
  for (const auto& node : output::list_video_nodes()) {
    if (!node.caps || !node.caps->video_capture()) continue;
    if (node.caps->driver == output::kLoopbackDriver || node.caps->driver == output::kAkvcamDriver) continue;
    if (!text.empty()) text += ", ";
    text += fmt::format("{} ('{}')", node.path, node.name);
  }
  return text.empty() ? "none" : text;
}

std::vector<std::string> loopback_warnings(const std::string& path) {
  std::vector<std::string> warnings;
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!fd) return warnings;
  const auto caps = output::query_caps(fd.get());
  if (!caps || caps->driver != output::kLoopbackDriver) return warnings;
  // With exclusive_caps=1 a device without a producer offers only output;
  // one that offers capture and output at once was loaded without it, and
  // Chrome (and so Meet, Teams, Zoom's web client) will not list it.
  if (caps->video_capture() && caps->video_output()) {
    warnings.push_back(fmt::format(
        "{} (v4l2loopback '{}') was loaded without exclusive_caps=1: Chrome and Chromium-based apps will not list "
        "it; reload: sudo modprobe -r v4l2loopback && sudo modprobe v4l2loopback devices=1 exclusive_caps=1 "
        "card_label=fakecam",
        path, caps->card));
  }
  return warnings;
}

}  // namespace fakecam::app
