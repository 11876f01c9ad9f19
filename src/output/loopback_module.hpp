// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What v4l2loopback was really loaded with, from sysfs rather than guessed
// from a node's caps: a device that is still being read after its producer
// left shows capture and output at once even with exclusive_caps=1 (0.12.7
// keeps ready_for_capture while any opener remains), so the caps alone would
// make fakecam wrongly tell the user to reload the module in the middle of a
// call.
//
// /sys/module/v4l2loopback/parameters/exclusive_caps and video_nr list one
// value per module-load device index (all MAX_DEVICES of them, "Y,N,N,..."
// and "10,-1,..."). Which index a node has: the index whose video_nr is the
// node's number; else, on 0.12 (no `version` file), the number in QUERYCAP's
// bus_info "platform:v4l2loopback-NNN", which 0.12 sets to the index. 0.13
// puts its own device id there instead (the video number, or an automatic
// id), and devices added later with v4l2loopback-ctl are in no list: unknown.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fakecam::output {

struct LoopbackModuleParams {
  std::vector<int> video_nr;         // per device index; -1 = automatic number
  std::vector<bool> exclusive_caps;  // per device index
  std::string version;               // /sys/module/v4l2loopback/version; empty on 0.12 (it has none)
};

// nullopt when the module is not loaded (no such directory) or its
// parameters cannot be read.
std::optional<LoopbackModuleParams> read_loopback_module(
    const std::filesystem::path& module_dir = "/sys/module/v4l2loopback");

// "Y,N,N" -> {true, false, false} (the kernel prints bool arrays so; 1/0
// accepted too). nullopt for anything else.
std::optional<std::vector<bool>> parse_bool_list(std::string_view text);
// "10,-1,-1" -> {10, -1, -1}. nullopt for anything else.
std::optional<std::vector<int>> parse_int_list(std::string_view text);

// The device index in a v4l2loopback bus_info ("platform:v4l2loopback-003"
// -> 3), nullopt for another driver's.
std::optional<int> loopback_bus_number(std::string_view bus_info);

// 10 for /dev/video10; nullopt for a path not named videoN.
std::optional<int> video_node_number(const std::string& path);

// Whether the node /dev/video<video_number> with bus_info number `bus_number`
// was created with exclusive_caps=1; nullopt when sysfs cannot say.
std::optional<bool> loopback_exclusive_caps(const LoopbackModuleParams& params, int video_number,
                                            std::optional<int> bus_number);

}  // namespace fakecam::output
