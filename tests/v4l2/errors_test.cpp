// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/errors.hpp"

#include <gtest/gtest.h>
#include <linux/videodev2.h>

#include <cerrno>

#include "common/error.hpp"

namespace fakecam::v4l2 {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void expect_one_line_naming(const std::string& message, const std::string& device) {
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_EQ(message.rfind(device, 0), 0u) << "should start with the device: " << message;
}

TEST(V4l2Errors, OpenFailures) {
  const std::string dev = "/dev/video7";
  const auto missing = open_error_message(dev, ENOENT);
  expect_one_line_naming(missing, dev);
  EXPECT_TRUE(contains(missing, "no such device")) << missing;

  const auto denied = open_error_message(dev, EACCES);
  expect_one_line_naming(denied, dev);
  EXPECT_TRUE(contains(denied, "permission denied")) << denied;
  EXPECT_TRUE(contains(denied, "sudo usermod -aG video $USER")) << denied;
  EXPECT_TRUE(contains(denied, "log out")) << denied;
  EXPECT_EQ(open_error_message(dev, EPERM), denied);

  const auto busy = open_error_message(dev, EBUSY);
  expect_one_line_naming(busy, dev);
  EXPECT_TRUE(contains(busy, "busy")) << busy;
  EXPECT_TRUE(contains(busy, "another program")) << busy;

  const auto gone = open_error_message(dev, ENODEV);
  expect_one_line_naming(gone, dev);
  EXPECT_TRUE(contains(gone, "no device")) << gone;

  const auto other = open_error_message(dev, EMFILE);
  expect_one_line_naming(other, dev);
  EXPECT_TRUE(contains(other, errno_text(EMFILE))) << other;
}

TEST(V4l2Errors, SetupFailures) {
  const std::string dev = "/dev/video0";
  EXPECT_EQ(setup_error_message(dev, "VIDIOC_S_FMT", EBUSY), busy_message(dev));
  EXPECT_TRUE(contains(setup_error_message(dev, "VIDIOC_REQBUFS", ENODEV), "disappeared"));
  const auto invalid = setup_error_message(dev, "VIDIOC_S_FMT", EINVAL);
  expect_one_line_naming(invalid, dev);
  EXPECT_TRUE(contains(invalid, "VIDIOC_S_FMT failed")) << invalid;
  EXPECT_TRUE(contains(invalid, errno_text(EINVAL))) << invalid;
}

TEST(V4l2Errors, WhichErrnoMeansTheCameraIsGone) {
  for (const int err : {ENODEV, EIO, ENXIO, EPIPE}) EXPECT_TRUE(is_device_gone(err)) << err;
  for (const int err : {EAGAIN, EINVAL, EINTR, EBUSY, ENOMEM}) EXPECT_FALSE(is_device_gone(err)) << err;
}

TEST(V4l2Errors, NodesThatAreNotCameras) {
  const std::string dev = "/dev/video10";
  const auto loopback = not_capture_message(dev, "fakecam", V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_STREAMING);
  expect_one_line_naming(loopback, dev);
  EXPECT_TRUE(contains(loopback, "(fakecam)")) << loopback;
  EXPECT_TRUE(contains(loopback, "not a video capture device")) << loopback;
  EXPECT_TRUE(contains(loopback, "v4l2loopback")) << loopback;

  const auto meta = not_capture_message("/dev/video1", "HD Webcam", V4L2_CAP_META_CAPTURE | V4L2_CAP_STREAMING);
  EXPECT_TRUE(contains(meta, "metadata")) << meta;
  EXPECT_TRUE(contains(meta, "not a video capture device")) << meta;

  EXPECT_TRUE(contains(not_capture_message(dev, "", V4L2_CAP_VIDEO_CAPTURE_MPLANE), "multi-planar"));
  EXPECT_TRUE(contains(not_capture_message(dev, "", V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_READWRITE), "streaming"));

  const auto null = not_v4l2_message("/dev/null", ENOTTY);
  expect_one_line_naming(null, "/dev/null");
  EXPECT_TRUE(contains(null, "not a video device")) << null;
}

TEST(V4l2Errors, NoSupportedFormatListsWhatTheCameraHas) {
  const auto message =
      no_format_message("/dev/video3", "IR Camera", {"GREY (8-bit Greyscale)", "Y10 (10-bit Greyscale)"}, "MJPG, YUYV");
  expect_one_line_naming(message, "/dev/video3");
  EXPECT_EQ(message,
            "/dev/video3 (IR Camera): offers no pixel format fakecam can read: it has GREY (8-bit Greyscale), "
            "Y10 (10-bit Greyscale); fakecam reads MJPG, YUYV");
  EXPECT_EQ(no_format_message("/dev/video3", "", {}, "MJPG"), "/dev/video3: offers no pixel formats");
}

}  // namespace
}  // namespace fakecam::v4l2
