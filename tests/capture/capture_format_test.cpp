// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/capture_format.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace fakecam::capture {
namespace {

TEST(CaptureFormat, ParsingTheCodecOption) {
  EXPECT_EQ(parse_capture_format("auto"), std::nullopt);
  EXPECT_EQ(parse_capture_format("AUTO"), std::nullopt);
  EXPECT_EQ(parse_capture_format("mjpg"), PixelFormat::mjpeg);
  EXPECT_EQ(parse_capture_format("MJPEG"), PixelFormat::mjpeg);
  EXPECT_EQ(parse_capture_format("YUYV"), PixelFormat::yuyv);
  EXPECT_EQ(parse_capture_format("yuy2"), PixelFormat::yuyv);
  EXPECT_EQ(parse_capture_format("NV12"), PixelFormat::nv12);
  EXPECT_EQ(parse_capture_format("UYVY"), PixelFormat::uyvy);
  EXPECT_EQ(parse_capture_format("BGR3"), PixelFormat::bgr24);
  for (const char* refused : {"H264", "I420", "autox", ""}) {
    try {
      parse_capture_format(refused);
      ADD_FAILURE() << refused << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()),
                fmt::format("unknown pixel format '{}': use auto, MJPG, YUYV, NV12, UYVY or BGR3", refused));
    }
  }
}

TEST(CaptureFormat, RankAndSupportedList) {
  EXPECT_EQ(format_rank(PixelFormat::mjpeg), 0);
  EXPECT_LT(*format_rank(PixelFormat::mjpeg), *format_rank(PixelFormat::yuyv));
  EXPECT_LT(*format_rank(PixelFormat::yuyv), *format_rank(PixelFormat::nv12));
  EXPECT_EQ(format_rank(PixelFormat::i420), std::nullopt) << "no webcam conversion for I420";
  EXPECT_EQ(format_rank(PixelFormat::bgra), std::nullopt);
  EXPECT_EQ(supported_formats_text(), "MJPG, JPEG, YUYV, NV12, UYVY, BGR3");
  EXPECT_TRUE(is_jpeg(PixelFormat::jpeg));
  EXPECT_FALSE(is_jpeg(PixelFormat::yuyv));
}

}  // namespace
}  // namespace fakecam::capture
