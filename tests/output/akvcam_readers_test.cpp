// SPDX-License-Identifier: GPL-3.0-or-later
// akvcam_capture_devices() reads akvcam's sysfs attribute; here a scratch
// directory stands in for /sys/class/video4linux (the real driver's case runs
// in the guest: tests/vm/scenarios/31-akvcam-on-demand-restart.sh).

#include "output/akvcam_readers.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "common/error.hpp"
#include "support/test_paths.hpp"

namespace fakecam::output {
namespace {

std::filesystem::path fake_sysfs(const std::string& node, const std::string& connected) {
  const auto dir = test::scratch_dir("akvcam-sysfs");
  std::filesystem::create_directories(dir / node / "controls");
  std::ofstream(dir / node / "controls" / "connected_devices") << connected;
  return dir;
}

TEST(AkvcamCaptureDevices, ListsEveryConnectedCaptureDevice) {
  const auto sysfs = fake_sysfs("video20", "/dev/video21\n/dev/video22\n");
  EXPECT_EQ(akvcam_capture_devices("/dev/video20", sysfs), (std::vector<std::string>{"/dev/video21", "/dev/video22"}));
}

TEST(AkvcamCaptureDevices, NoConnectionIsAnErrorWithTheFix) {
  const auto sysfs = fake_sysfs("video20", "");
  try {
    akvcam_capture_devices("/dev/video20", sysfs);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "/dev/video20: this akvcam output is connected to no capture device, so no program can read it; add "
              "connections/N/connection = <output>:<capture> to the akvcam config and reload akvcam");
  }
}

TEST(AkvcamCaptureDevices, MissingAttributeNamesTheDevice) {
  const auto sysfs = fake_sysfs("video20", "/dev/video21\n");
  try {
    akvcam_capture_devices("/dev/video7", sysfs);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "/dev/video7: cannot read " +
                                         (sysfs / "video7" / "controls" / "connected_devices").string() +
                                         ": not an akvcam output device?");
  }
}

}  // namespace
}  // namespace fakecam::output
