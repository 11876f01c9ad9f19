// SPDX-License-Identifier: GPL-3.0-or-later
// The device layer on nodes that are not cameras: what fails, and how it is
// worded. Streaming from real drivers runs in the guest (tests/capture/vm,
// tests/output/vm).

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/videodev2.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "common/error.hpp"
#include "common/unique_fd.hpp"
#include "support/error_of.hpp"
#include "support/test_paths.hpp"
#include "v4l2/capture_device.hpp"
#include "v4l2/errors.hpp"
#include "v4l2/ioctl.hpp"
#include "v4l2/mapping.hpp"
#include "v4l2/output_queue.hpp"

namespace fakecam::v4l2 {
namespace {

using test::error_of;

TEST(Ioctl, ReturnsTheErrnoValue) {
  const UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
  ASSERT_TRUE(null);
  v4l2_capability cap{};
  EXPECT_EQ(ioctl(null.get(), VIDIOC_QUERYCAP, &cap), ENOTTY);
  EXPECT_EQ(ioctl(-1, VIDIOC_QUERYCAP, &cap), EBADF);
}

TEST(Mapping, FailureCarriesTheErrnoText) {
  const UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
  ASSERT_TRUE(null);
  EXPECT_EQ(error_of([&] { Mapping(null.get(), 4096, 0); }), errno_text(ENODEV));
}

TEST(CaptureDevice, MissingNodeIsAbsentNotAnError) {
  EXPECT_THROW(CaptureDevice("/dev/video-none-96"), DeviceAbsent);
  EXPECT_EQ(error_of([] { CaptureDevice("/dev/video-none-96"); }), open_error_message("/dev/video-none-96", ENOENT));
}

TEST(CaptureDevice, NodesThatAreNotVideoDevices) {
  const auto dir = test::scratch_dir("capture-device");
  std::ofstream(dir / "file") << "x";
  EXPECT_EQ(error_of([&] { CaptureDevice((dir / "file").string()); }),
            (dir / "file").string() +
                ": not a video device (it is a regular file); list cameras with `v4l2-ctl --list-devices`");
  EXPECT_EQ(error_of([] { CaptureDevice("/dev/null"); }), not_v4l2_message("/dev/null", ENOTTY));
}

TEST(OutputQueue, DriverWithoutMmapOutputIsNamed) {
  const UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
  ASSERT_TRUE(null);
  EXPECT_EQ(error_of([&] { OutputQueue(null.get(), "/dev/null", 4, 640 * 480 * 2); }),
            "/dev/null: the driver refuses memory-mapped output (VIDIOC_REQBUFS: " + errno_text(ENOTTY) + ")");
}

}  // namespace
}  // namespace fakecam::v4l2
