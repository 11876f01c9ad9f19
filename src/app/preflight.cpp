// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/preflight.hpp"

#include <fcntl.h>

#include <fmt/format.h>

#include "common/unique_fd.hpp"
#include "output/loopback_module.hpp"
#include "v4l2/caps.hpp"
#include "v4l2/node.hpp"

namespace fakecam::app {

std::string webcam_candidates() {
  std::string text;
  for (const auto& node : v4l2::list_video_nodes()) {
    if (!node.caps || !node.caps->video_capture()) continue;
    if (node.caps->driver == v4l2::kLoopbackDriver || node.caps->driver == v4l2::kAkvcamDriver) continue;
    if (!text.empty()) text += ", ";
    text += fmt::format("{} ('{}')", node.path, node.name);
  }
  return text.empty() ? "none" : text;
}

std::vector<std::string> loopback_warnings(const std::string& path, const std::filesystem::path& module_dir) {
  std::vector<std::string> warnings;
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!fd) return warnings;
  const auto caps = v4l2::query_caps(fd.get());
  if (!caps || caps->driver != v4l2::kLoopbackDriver) return warnings;
  const auto number = output::video_node_number(path);
  const auto params = output::read_loopback_module(module_dir);
  if (!number || !params) return warnings;
  // Only what the module's parameters say. The caps cannot tell: a device
  // still read by a program after its producer left offers capture and
  // output at once, exclusive_caps=1 or not.
  if (output::loopback_exclusive_caps(*params, *number, output::loopback_bus_number(v4l2::query_bus_info(fd.get()))) ==
      false) {
    warnings.push_back(fmt::format(
        "{} (v4l2loopback '{}') was loaded without exclusive_caps=1: Chrome and Chromium-based apps will not list "
        "it (as {}/parameters/exclusive_caps says); once no program uses it, reload: sudo modprobe -r v4l2loopback "
        "&& sudo modprobe v4l2loopback devices=1 exclusive_caps=1 video_nr={} card_label=fakecam",
        path, caps->card, module_dir.string(), *number));
  }
  return warnings;
}

}  // namespace fakecam::app
