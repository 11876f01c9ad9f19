// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/pixel_format.hpp"

#include <gtest/gtest.h>

#include <set>

#include "common/error.hpp"

namespace fakecam {
namespace {

TEST(PixelFormat, EveryFormatHasOneNameThatParsesBack) {
  std::set<std::string_view> names;
  for (const PixelFormat f : all_pixel_formats()) {
    const std::string_view name = pixel_format_name(f);
    EXPECT_NE(name, "?");
    EXPECT_TRUE(names.insert(name).second) << "two formats named " << name;
    EXPECT_EQ(parse_pixel_format(name), f) << name;
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(parse_pixel_format(lower), f) << lower;
  }
  EXPECT_EQ(names.size(), 10u);
}

TEST(PixelFormat, AliasesFromV4l2AndGStreamer) {
  EXPECT_EQ(find_pixel_format("MJPEG"), PixelFormat::mjpeg);
  EXPECT_EQ(find_pixel_format("yuy2"), PixelFormat::yuyv);
  EXPECT_EQ(find_pixel_format("YU12"), PixelFormat::i420);
  EXPECT_EQ(find_pixel_format("yuv420p"), PixelFormat::i420);
  EXPECT_EQ(find_pixel_format("BGR3"), PixelFormat::bgr24);
  EXPECT_EQ(find_pixel_format("bgr"), PixelFormat::bgr24);
  EXPECT_EQ(find_pixel_format("RGB3"), PixelFormat::rgb24);
  EXPECT_EQ(find_pixel_format("bgrx"), PixelFormat::bgrx);
}

TEST(PixelFormat, UnknownNamesAreNamedInTheError) {
  EXPECT_EQ(find_pixel_format("H264"), std::nullopt);
  EXPECT_EQ(find_pixel_format(""), std::nullopt);
  EXPECT_EQ(find_pixel_format("MJPGX"), std::nullopt);
  try {
    parse_pixel_format("H264");
    ADD_FAILURE() << "H264 accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "unknown pixel format 'H264': use one of MJPG, JPEG, YUYV, UYVY, NV12, I420, BGR24, RGB24, BGRx, BGRA");
  }
}

TEST(PixelFormat, ListInTheGivenOrder) {
  const PixelFormat some[] = {PixelFormat::nv12, PixelFormat::mjpeg};
  EXPECT_EQ(pixel_format_list(some), "NV12, MJPG");
  EXPECT_EQ(pixel_format_list({}), "");
}

}  // namespace
}  // namespace fakecam
