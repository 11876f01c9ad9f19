// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/webcam_request.hpp"

#include <gtest/gtest.h>

#include "capture/mjpeg_decoder.hpp"

namespace fakecam::app {
namespace {

Settings settings(int width, int height, const std::string& framing) {
  Settings s;
  s.width = width;
  s.height = height;
  s.framing = framing;
  s.webcam_path = "/dev/video7";
  s.fps = 24;
  return s;
}

// Without framing, MJPEG is decoded no larger than the output needs: a
// 1080p webcam read for a 960x540 output decodes at half size.
TEST(WebcamRequest, WithoutFramingDecodesAtTheOutputSize) {
  const capture::WebcamOptions o = webcam_request(settings(960, 540, "off"));
  EXPECT_EQ(o.path, "/dev/video7");
  EXPECT_EQ(o.size, cv::Size(960, 540));
  EXPECT_EQ(o.fps, 24);
  EXPECT_EQ(o.decode_at_least, cv::Size(960, 540));
  EXPECT_EQ(capture::choose_dct_scale({1920, 1080}, o.decode_at_least), (capture::DctScale{1, 2}));
  EXPECT_FALSE(o.format.has_value()) << "codec auto";
}

// Framing asks for a capture 1.5x the output and crops from it at full size.
TEST(WebcamRequest, FramingDecodesAtFullSize) {
  const capture::WebcamOptions o = webcam_request(settings(1280, 720, "auto"));
  EXPECT_EQ(o.size, cv::Size(1920, 1080));
  EXPECT_TRUE(o.decode_at_least.empty());
  EXPECT_EQ(capture::choose_dct_scale({1920, 1080}, o.decode_at_least), (capture::DctScale{1, 1}));
}

TEST(WebcamRequest, CodecIsPassedOn) {
  Settings s = settings(1280, 720, "off");
  s.codec = "YUYV";
  const capture::WebcamOptions o = webcam_request(s);
  ASSERT_TRUE(o.format.has_value());
  EXPECT_EQ(*o.format, capture::parse_capture_format("YUYV"));
}

}  // namespace
}  // namespace fakecam::app
