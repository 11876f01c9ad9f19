// SPDX-License-Identifier: GPL-3.0-or-later
// What v4l2loopback was loaded with, read from (fake) sysfs, and the device
// fakecam writes to when no -v is given.

#include <gtest/gtest.h>

#include <fstream>

#include "common/error.hpp"
#include "output/default_loopback.hpp"
#include "output/loopback_module.hpp"
#include "support/test_paths.hpp"
#include "v4l2/node.hpp"

namespace fakecam::output {
namespace {

using v4l2::DeviceCaps;
using v4l2::VideoNode;

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

TEST(LoopbackModule, ParsesTheKernelsParameterLists) {
  EXPECT_EQ(parse_bool_list("Y,N,N,N,N,N,N,N\n"),
            (std::vector<bool>{true, false, false, false, false, false, false, false}));
  EXPECT_EQ(parse_bool_list("1,0"), (std::vector<bool>{true, false}));
  EXPECT_EQ(parse_int_list("10,11,-1,-1\n"), (std::vector<int>{10, 11, -1, -1}));
  EXPECT_FALSE(parse_bool_list("Y,maybe"));
  EXPECT_FALSE(parse_bool_list(""));
  EXPECT_FALSE(parse_int_list("10,x"));
  EXPECT_FALSE(parse_int_list("10,,11"));
}

TEST(LoopbackModule, BusInfoAndNodeNumbers) {
  EXPECT_EQ(loopback_bus_number("platform:v4l2loopback-000"), 0);
  EXPECT_EQ(loopback_bus_number("platform:v4l2loopback-011"), 11);
  EXPECT_FALSE(loopback_bus_number("platform:vivid-000"));
  EXPECT_FALSE(loopback_bus_number("platform:v4l2loopback-"));
  EXPECT_EQ(video_node_number("/dev/video10"), 10);
  EXPECT_FALSE(video_node_number("/dev/video"));
  EXPECT_FALSE(video_node_number("/dev/null"));
  EXPECT_FALSE(video_node_number("/dev/video1x"));
}

TEST(LoopbackModule, ExclusiveCapsOfTheDeviceByItsVideoNumber) {
  // modprobe v4l2loopback devices=2 exclusive_caps=1,0 video_nr=10,11
  const LoopbackModuleParams params{{10, 11, -1, -1}, {true, false, false, false}, ""};
  EXPECT_EQ(loopback_exclusive_caps(params, 10, 0), true);
  EXPECT_EQ(loopback_exclusive_caps(params, 11, 1), false);
  // 0.13 numbers its bus_info by the video number: still found by video_nr.
  const LoopbackModuleParams v13{{10, 11, -1, -1}, {true, false, false, false}, "0.13.2"};
  EXPECT_EQ(loopback_exclusive_caps(v13, 10, 10), true);
  EXPECT_EQ(loopback_exclusive_caps(v13, 11, 11), false);
}

TEST(LoopbackModule, AutomaticNumbersUseTheBusIndexOnlyOn012) {
  // modprobe v4l2loopback devices=2 exclusive_caps=0,1 (no video_nr): /dev/video2 and 3.
  const LoopbackModuleParams v12{{-1, -1, -1}, {false, true, false}, ""};
  EXPECT_EQ(loopback_exclusive_caps(v12, 3, 1), true);
  EXPECT_EQ(loopback_exclusive_caps(v12, 2, 0), false);
  EXPECT_FALSE(loopback_exclusive_caps(v12, 2, std::nullopt));
  EXPECT_FALSE(loopback_exclusive_caps(v12, 2, 7)) << "an index beyond the list";
  // 0.13's bus_info holds its own id, not the parameter index: unknown.
  const LoopbackModuleParams v13{{-1, -1, -1}, {false, true, false}, "0.13.2"};
  EXPECT_FALSE(loopback_exclusive_caps(v13, 3, 1));
  // An index that asked for another number is not this automatic device.
  const LoopbackModuleParams mixed{{10, -1}, {true, false}, ""};
  EXPECT_FALSE(loopback_exclusive_caps(mixed, 4, 0));
}

TEST(LoopbackModule, ReadsTheParametersFromSysfs) {
  const auto dir = test::scratch_dir("loopback-module") / "v4l2loopback";
  EXPECT_FALSE(read_loopback_module(dir)) << "module not loaded";
  write_file(dir / "parameters" / "exclusive_caps", "Y,N,N,N,N,N,N,N\n");
  write_file(dir / "parameters" / "video_nr", "10,-1,-1,-1,-1,-1,-1,-1\n");
  auto params = read_loopback_module(dir);
  ASSERT_TRUE(params);
  EXPECT_EQ(params->version, "") << "0.12 has no version file";
  EXPECT_EQ(loopback_exclusive_caps(*params, 10, 0), true);
  write_file(dir / "version", "0.13.2\n");
  params = read_loopback_module(dir);
  ASSERT_TRUE(params);
  EXPECT_EQ(params->version, "0.13.2");
  write_file(dir / "parameters" / "exclusive_caps", "garbage\n");
  EXPECT_FALSE(read_loopback_module(dir));
}

constexpr std::uint32_t kOut = 0x00000002, kCap = 0x00000001;  // V4L2_CAP_VIDEO_OUTPUT, _CAPTURE

VideoNode node(const std::string& path, const std::string& label, const std::string& driver, std::uint32_t caps) {
  return {path, label, DeviceCaps{driver, label, caps}};
}

TEST(DefaultLoopback, TheDeviceLabelledFakecamWins) {
  const std::vector<VideoNode> nodes = {node("/dev/video0", "vivid", "vivid", kCap),
                                        node("/dev/video10", "DroidCam", "v4l2 loopback", kCap),
                                        node("/dev/video11", "fakecam", "v4l2 loopback", kOut)};
  EXPECT_EQ(choose_default_loopback(nodes, true), "/dev/video11");
}

TEST(DefaultLoopback, ElseTheOnlyLoopbackDevice) {
  const std::vector<VideoNode> nodes = {node("/dev/video0", "vivid", "vivid", kCap),
                                        node("/dev/video5", "Dummy video device (0x0000)", "v4l2 loopback", kOut),
                                        {"/dev/video6", "unreadable", std::nullopt}};
  EXPECT_EQ(choose_default_loopback(nodes, true), "/dev/video5");
}

TEST(DefaultLoopback, SeveralUnlabelledDevicesAreListed) {
  const std::vector<VideoNode> nodes = {node("/dev/video10", "one", "v4l2 loopback", kOut),
                                        node("/dev/video11", "two", "v4l2 loopback", kCap)};
  try {
    choose_default_loopback(nodes, true);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("several v4l2loopback devices and none labelled 'fakecam'"), std::string::npos) << what;
    EXPECT_NE(what.find("/dev/video10 ('one'"), std::string::npos) << what;
    EXPECT_NE(what.find("/dev/video11 ('two'"), std::string::npos) << what;
    EXPECT_NE(what.find("with -v"), std::string::npos) << what;
  }
}

TEST(DefaultLoopback, NoDeviceGivesTheReadmesModprobeLine) {
  const std::vector<VideoNode> nodes = {node("/dev/video0", "vivid", "vivid", kCap)};
  try {
    choose_default_loopback(nodes, false);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("v4l2loopback is not loaded"), std::string::npos) << what;
    EXPECT_NE(what.find("sudo modprobe v4l2loopback devices=1 exclusive_caps=1 video_nr=10 card_label=fakecam"),
              std::string::npos)
        << what;
  }
  EXPECT_THROW(choose_default_loopback({}, true), Error);
}

}  // namespace
}  // namespace fakecam::output
