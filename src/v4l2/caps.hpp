// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a V4L2 node is (VIDIOC_QUERYCAP): its driver, card name and
// capabilities, for telling webcams, v4l2loopback and akvcam nodes apart.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fakecam::v4l2 {

// The `driver` field of VIDIOC_QUERYCAP for the drivers fakecam writes to.
inline constexpr std::string_view kLoopbackDriver = "v4l2 loopback";
inline constexpr std::string_view kAkvcamDriver = "akvcam";

struct DeviceCaps {
  std::string driver;
  std::string card;
  std::uint32_t caps = 0;  // the node's device_caps (capabilities if the driver predates them)

  bool video_output() const;
  bool video_capture() const;
  bool streaming() const;
  bool read_write() const;
};

// nullopt when `fd` is not a V4L2 device (QUERYCAP fails).
std::optional<DeviceCaps> query_caps(int fd);
// QUERYCAP's bus_info ("platform:v4l2loopback-NNN", see loopback_module.hpp);
// empty when QUERYCAP fails.
std::string query_bus_info(int fd);

}  // namespace fakecam::v4l2
