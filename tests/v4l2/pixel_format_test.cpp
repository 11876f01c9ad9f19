// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/pixel_format.hpp"

#include <gtest/gtest.h>
#include <linux/videodev2.h>

#include <set>

namespace fakecam::v4l2 {
namespace {

TEST(V4l2PixelFormat, EveryFormatRoundTripsThroughItsFourcc) {
  std::set<std::uint32_t> seen;
  for (const PixelFormat f : all_pixel_formats()) {
    const std::uint32_t code = to_fourcc(f);
    EXPECT_NE(code, 0u) << pixel_format_name(f);
    EXPECT_TRUE(seen.insert(code).second) << "two formats share " << fourcc_name(f);
    EXPECT_EQ(from_fourcc(code), f) << pixel_format_name(f);
  }
}

TEST(V4l2PixelFormat, TheKernelsCodes) {
  EXPECT_EQ(to_fourcc(PixelFormat::mjpeg), V4L2_PIX_FMT_MJPEG);
  EXPECT_EQ(to_fourcc(PixelFormat::yuyv), V4L2_PIX_FMT_YUYV);
  EXPECT_EQ(to_fourcc(PixelFormat::i420), V4L2_PIX_FMT_YUV420);
  EXPECT_EQ(to_fourcc(PixelFormat::nv12), V4L2_PIX_FMT_NV12);
  EXPECT_EQ(to_fourcc(PixelFormat::bgr24), V4L2_PIX_FMT_BGR24);
  EXPECT_EQ(fourcc_name(PixelFormat::bgr24), "BGR3");
  EXPECT_EQ(fourcc_name(PixelFormat::i420), "YU12");
}

TEST(V4l2PixelFormat, UnknownFourccsHaveNoFormat) {
  EXPECT_EQ(from_fourcc(V4L2_PIX_FMT_H264), std::nullopt);
  EXPECT_EQ(from_fourcc(V4L2_PIX_FMT_GREY), std::nullopt);
  EXPECT_EQ(from_fourcc(0), std::nullopt);
}

}  // namespace
}  // namespace fakecam::v4l2
