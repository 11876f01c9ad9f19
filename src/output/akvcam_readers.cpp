// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/akvcam_readers.hpp"

#include <fstream>

#include "common/error.hpp"

namespace fakecam::output {

std::vector<std::string> akvcam_capture_devices(const std::filesystem::path& output,
                                                const std::filesystem::path& sysfs_dir) {
  // /dev/video20 may be a symlink (udev's by-id names): sysfs knows the node.
  std::error_code ec;
  const auto node = std::filesystem::canonical(output, ec);
  const std::string name = (ec ? output : node).filename().string();
  const auto attribute = sysfs_dir / name / "controls" / "connected_devices";
  std::ifstream in(attribute);
  if (!in) fail("{}: cannot read {}: not an akvcam output device?", output.string(), attribute.string());
  std::vector<std::string> devices;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) devices.push_back(line);
  }
  if (devices.empty()) {
    fail(
        "{}: this akvcam output is connected to no capture device, so no program can read it; add "
        "connections/N/connection = <output>:<capture> to the akvcam config and reload akvcam",
        output.string());
  }
  return devices;
}

}  // namespace fakecam::output
