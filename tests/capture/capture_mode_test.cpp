// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/capture_mode.hpp"

#include <gtest/gtest.h>

namespace fakecam::capture {
namespace {

CaptureMode m(PixelFormat format, int w, int h, double fps) { return {format, {w, h}, fps}; }

ModeRequest want(int w, int h, double fps, std::optional<PixelFormat> format = std::nullopt) {
  return {{w, h}, fps, format};
}

TEST(ChooseMode, ExactModeWins) {
  const std::vector<CaptureMode> modes = {m(PixelFormat::mjpeg, 640, 480, 30), m(PixelFormat::mjpeg, 1280, 720, 30),
                                          m(PixelFormat::mjpeg, 1920, 1080, 30)};
  EXPECT_EQ(choose_mode(modes, want(1280, 720, 30)), m(PixelFormat::mjpeg, 1280, 720, 30));
}

TEST(ChooseMode, PrefersMjpegThenYuyvForTheSameMode) {
  EXPECT_EQ(choose_mode({m(PixelFormat::yuyv, 1280, 720, 30), m(PixelFormat::mjpeg, 1280, 720, 30),
                         m(PixelFormat::nv12, 1280, 720, 30)},
                        want(1280, 720, 30)),
            m(PixelFormat::mjpeg, 1280, 720, 30));
  EXPECT_EQ(
      choose_mode({m(PixelFormat::nv12, 1280, 720, 30), m(PixelFormat::yuyv, 1280, 720, 30)}, want(1280, 720, 30)),
      m(PixelFormat::yuyv, 1280, 720, 30));
}

TEST(ChooseMode, RequestedFormatIsUsedWhenOffered) {
  const std::vector<CaptureMode> modes = {m(PixelFormat::mjpeg, 1280, 720, 30), m(PixelFormat::yuyv, 1280, 720, 10),
                                          m(PixelFormat::yuyv, 640, 480, 30)};
  // Even at a worse rate than MJPEG offers: the user asked for YUYV.
  EXPECT_EQ(choose_mode(modes, want(1280, 720, 30, PixelFormat::yuyv)), m(PixelFormat::yuyv, 1280, 720, 10));
  // Not offered at all: fall back to the best the camera has.
  EXPECT_EQ(choose_mode(modes, want(1280, 720, 30, PixelFormat::nv12)), m(PixelFormat::mjpeg, 1280, 720, 30));
}

TEST(ChooseMode, MissingSizeTakesTheSmallestLargerSize) {
  const std::vector<CaptureMode> modes = {m(PixelFormat::mjpeg, 640, 480, 30), m(PixelFormat::mjpeg, 2560, 1440, 30),
                                          m(PixelFormat::mjpeg, 1920, 1080, 30), m(PixelFormat::mjpeg, 800, 600, 30)};
  EXPECT_EQ(choose_mode(modes, want(1280, 720, 30)), m(PixelFormat::mjpeg, 1920, 1080, 30));
}

TEST(ChooseMode, LargerSizeOfTheRequestedAspectBeatsASmallerOneOfAnother) {
  const std::vector<CaptureMode> modes = {m(PixelFormat::mjpeg, 1280, 960, 30), m(PixelFormat::mjpeg, 1920, 1080, 30)};
  EXPECT_EQ(choose_mode(modes, want(1280, 720, 30)), m(PixelFormat::mjpeg, 1920, 1080, 30));
  // 848x480 is 16:9 within rounding.
  EXPECT_EQ(choose_mode({m(PixelFormat::mjpeg, 848, 480, 30), m(PixelFormat::mjpeg, 800, 600, 30)}, want(640, 360, 30)),
            m(PixelFormat::mjpeg, 848, 480, 30));
}

TEST(ChooseMode, NothingLargeEnoughTakesTheLargestOfTheRightAspect) {
  EXPECT_EQ(choose_mode({m(PixelFormat::yuyv, 320, 240, 30), m(PixelFormat::yuyv, 640, 480, 30),
                         m(PixelFormat::yuyv, 160, 120, 30)},
                        want(1280, 720, 30)),
            m(PixelFormat::yuyv, 640, 480, 30));
  EXPECT_EQ(choose_mode({m(PixelFormat::yuyv, 640, 480, 30), m(PixelFormat::yuyv, 640, 360, 30),
                         m(PixelFormat::yuyv, 320, 180, 30)},
                        want(1280, 720, 30)),
            m(PixelFormat::yuyv, 640, 360, 30));
}

TEST(ChooseMode, SizeBeatsRateAndRateBeatsFormat) {
  // A typical USB 2 webcam: YUYV 720p only at 10 fps, MJPEG at 30.
  const std::vector<CaptureMode> usb2 = {m(PixelFormat::yuyv, 1280, 720, 10), m(PixelFormat::yuyv, 640, 480, 30),
                                         m(PixelFormat::mjpeg, 1280, 720, 30)};
  EXPECT_EQ(choose_mode(usb2, want(1280, 720, 30)), m(PixelFormat::mjpeg, 1280, 720, 30));
  EXPECT_EQ(choose_mode({m(PixelFormat::yuyv, 1280, 720, 10), m(PixelFormat::yuyv, 640, 480, 30)}, want(1280, 720, 30)),
            m(PixelFormat::yuyv, 1280, 720, 10));
  EXPECT_EQ(
      choose_mode({m(PixelFormat::mjpeg, 1280, 720, 15), m(PixelFormat::yuyv, 1280, 720, 30)}, want(1280, 720, 30)),
      m(PixelFormat::yuyv, 1280, 720, 30));
}

TEST(ChooseMode, RateClosestAtOrAboveTheRequestElseTheFastest) {
  EXPECT_EQ(choose_mode({m(PixelFormat::mjpeg, 1280, 720, 60), m(PixelFormat::mjpeg, 1280, 720, 30),
                         m(PixelFormat::mjpeg, 1280, 720, 15)},
                        want(1280, 720, 30)),
            m(PixelFormat::mjpeg, 1280, 720, 30));
  EXPECT_EQ(
      choose_mode({m(PixelFormat::mjpeg, 1280, 720, 60), m(PixelFormat::mjpeg, 1280, 720, 15)}, want(1280, 720, 30)),
      m(PixelFormat::mjpeg, 1280, 720, 60));
  EXPECT_EQ(
      choose_mode({m(PixelFormat::mjpeg, 1280, 720, 5), m(PixelFormat::mjpeg, 1280, 720, 15)}, want(1280, 720, 30)),
      m(PixelFormat::mjpeg, 1280, 720, 15));
  EXPECT_EQ(
      choose_mode({m(PixelFormat::mjpeg, 1280, 720, 30), m(PixelFormat::mjpeg, 1280, 720, 25)}, want(1280, 720, 24)),
      m(PixelFormat::mjpeg, 1280, 720, 25));
}

TEST(ChooseMode, NtscRatesCountAsTheRoundRate) {
  // 29.97 is "30": the format preference decides, not the 0.1 % difference.
  EXPECT_EQ(
      choose_mode({m(PixelFormat::yuyv, 1280, 720, 30), m(PixelFormat::mjpeg, 1280, 720, 29.97)}, want(1280, 720, 30)),
      m(PixelFormat::mjpeg, 1280, 720, 29.97));
}

TEST(ChooseMode, UnknownFormatsAreIgnored) {
  // Formats fakecam has a name for but reads from no webcam.
  const PixelFormat y10 = PixelFormat::rgb24;
  const PixelFormat h264 = PixelFormat::i420;
  EXPECT_EQ(choose_mode({m(h264, 1280, 720, 30), m(PixelFormat::yuyv, 640, 480, 30)}, want(1280, 720, 30)),
            m(PixelFormat::yuyv, 640, 480, 30));
  EXPECT_EQ(choose_mode({m(h264, 1280, 720, 30), m(y10, 640, 480, 30)}, want(1280, 720, 30)), std::nullopt);
  EXPECT_EQ(choose_mode({}, want(1280, 720, 30)), std::nullopt);
}

TEST(ChooseMode, ModeText) {
  EXPECT_EQ(mode_text(m(PixelFormat::mjpeg, 1280, 720, 30)), "MJPG 1280x720 @30");
  EXPECT_EQ(mode_text(m(PixelFormat::yuyv, 640, 480, 30000.0 / 1001)), "YUYV 640x480 @29.97");
}

TEST(SnapToRange, ClampsAndFollowsTheStep) {
  EXPECT_EQ(snap_to_range(1280, 16, 1920, 16), 1280);
  EXPECT_EQ(snap_to_range(1283, 16, 1920, 16), 1280);
  EXPECT_EQ(snap_to_range(1290, 16, 1920, 16), 1296);
  EXPECT_EQ(snap_to_range(4000, 16, 1920, 16), 1920);
  EXPECT_EQ(snap_to_range(2, 16, 1920, 16), 16);
  EXPECT_EQ(snap_to_range(1001, 1, 4096, 1), 1001);  // continuous
  EXPECT_EQ(snap_to_range(721, 10, 730, 100), 730);  // the last step is cut short by max
}

TEST(ClampRate, StaysInTheRange) {
  EXPECT_EQ(clamp_rate(30, 1, 60), 30);
  EXPECT_EQ(clamp_rate(30, 1, 25), 25);
  EXPECT_EQ(clamp_rate(0.5, 1, 25), 1);
}

}  // namespace
}  // namespace fakecam::capture
