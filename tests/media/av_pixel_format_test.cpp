// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/av_pixel_format.hpp"

#include <gtest/gtest.h>

#include <set>

namespace fakecam::media {
namespace {

TEST(AvPixelFormat, EveryRawFormatRoundTrips) {
  std::set<int> seen;
  for (const PixelFormat f : all_pixel_formats()) {
    const AVPixelFormat av = to_av_pixel_format(f);
    if (f == PixelFormat::mjpeg || f == PixelFormat::jpeg) {
      EXPECT_EQ(av, AV_PIX_FMT_NONE) << pixel_format_name(f) << " is a codec to FFmpeg";
      continue;
    }
    EXPECT_NE(av, AV_PIX_FMT_NONE) << pixel_format_name(f);
    EXPECT_TRUE(seen.insert(av).second) << pixel_format_name(f);
    EXPECT_EQ(from_av_pixel_format(av), f) << pixel_format_name(f);
  }
}

TEST(AvPixelFormat, TheLayoutsDecodedFramesComeIn) {
  EXPECT_EQ(to_av_pixel_format(PixelFormat::bgr24), AV_PIX_FMT_BGR24);
  EXPECT_EQ(to_av_pixel_format(PixelFormat::bgra), AV_PIX_FMT_BGRA);
  EXPECT_EQ(to_av_pixel_format(PixelFormat::i420), AV_PIX_FMT_YUV420P);
}

TEST(AvPixelFormat, UnknownFormatsHaveNoPixelFormat) {
  EXPECT_EQ(from_av_pixel_format(AV_PIX_FMT_YUV444P10LE), std::nullopt);
  EXPECT_EQ(from_av_pixel_format(AV_PIX_FMT_GRAY8), std::nullopt);
  EXPECT_EQ(from_av_pixel_format(AV_PIX_FMT_NONE), std::nullopt);
}

}  // namespace
}  // namespace fakecam::media
