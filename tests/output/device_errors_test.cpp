// SPDX-License-Identifier: GPL-3.0-or-later
// What a user sees when the output path is wrong, checked on the host (no
// V4L2 here: /dev/null and regular files stand in for wrong devices). The
// real drivers' cases run in the guest: tests/output/vm/.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "output/frame_sink.hpp"
#include "support/error_of.hpp"
#include "support/test_paths.hpp"

namespace fakecam::output {
namespace {

using test::error_of;

// The host has no v4l2loopback module, so the fix is the modprobe line, with
// the device number the user asked for.
TEST(LoopbackErrors, MissingDeviceSaysHowToLoadTheModule) {
  ASSERT_FALSE(std::filesystem::exists("/sys/module/v4l2loopback")) << "this test expects a host without the module";
  EXPECT_EQ(error_of([] { open_v4l2loopback("/dev/video-none-99", 640, 480, 30); }),
            "/dev/video-none-99: no such device; the v4l2loopback module is not loaded: sudo modprobe v4l2loopback "
            "devices=1 exclusive_caps=1 video_nr=10 card_label=fakecam (Debian/Ubuntu: apt install v4l2loopback-dkms)");
  EXPECT_NE(error_of([] { open_v4l2loopback("/dev/video2", 640, 480, 30); }).find("video_nr=2 card_label=fakecam"),
            std::string::npos);
}

TEST(LoopbackErrors, RegularFileAndDirectoryAreNotDevices) {
  const auto dir = test::scratch_dir("device-errors");
  std::ofstream(dir / "file") << "x";
  EXPECT_EQ(error_of([&] { open_v4l2loopback((dir / "file").string(), 640, 480, 30); }),
            (dir / "file").string() + ": not a video device (not a character device node)");
  EXPECT_EQ(error_of([&] { open_v4l2loopback(dir.string(), 640, 480, 30); }),
            dir.string() + ": is a directory, not a video device");
}

TEST(LoopbackErrors, CharacterDeviceThatIsNotV4l2) {
  const std::string msg = error_of([] { open_v4l2loopback("/dev/null", 640, 480, 30); });
  EXPECT_TRUE(msg.starts_with("/dev/null: not a V4L2 video device (VIDIOC_QUERYCAP failed); loopback devices here: "))
      << msg;
}

TEST(LoopbackErrors, SizeAndRateAreCheckedBeforeTheDevice) {
  EXPECT_EQ(error_of([] { open_v4l2loopback("/dev/video10", 641, 480, 30); }),
            "/dev/video10: width 641 is odd; YUYV pairs pixels for chroma, so the width must be even (e.g. 642)");
  EXPECT_EQ(error_of([] { open_v4l2loopback("/dev/video10", 640, 481, 30, PixelFormat::nv12); }),
            "/dev/video10: height 481 is odd; NV12 pairs rows for chroma, so the height must be even (e.g. 482)");
  EXPECT_EQ(error_of([] { open_v4l2loopback("/dev/video10", 640, 480, 0); }),
            "/dev/video10: frame rate 0 is out of range (1..1000)");
}

// The host has no akvcam module, so the fix is loading it; with the module
// loaded (tests/vm/scenarios/32-akvcam-formats-check.sh) the message names
// its config and devices instead.
TEST(AkvcamErrors, MissingAndWrongDevices) {
  ASSERT_FALSE(std::filesystem::exists("/sys/module/akvcam")) << "this test expects a host without the module";
  EXPECT_EQ(error_of([] { open_akvcam("/dev/video-none-98", 640, 480, 30); }),
            "/dev/video-none-98: no such device; the akvcam module is not loaded: sudo modprobe akvcam (it makes the "
            "devices listed in /etc/akvcam/config.ini; no distribution packages it: build it from webcamoid/akvcam's "
            "source)");
  EXPECT_EQ(error_of([] { open_akvcam("/dev/null", 640, 480, 30); }),
            "/dev/null: not a V4L2 video device (VIDIOC_QUERYCAP failed)");
}

}  // namespace
}  // namespace fakecam::output
