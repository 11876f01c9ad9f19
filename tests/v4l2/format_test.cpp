// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/format.hpp"

#include <gtest/gtest.h>

#include "v4l2/ioctl.hpp"

namespace fakecam::v4l2 {
namespace {

TEST(FourccText, PrintableLettersWithoutPadding) {
  EXPECT_EQ(fourcc_text(V4L2_PIX_FMT_MJPEG), "MJPG");
  EXPECT_EQ(fourcc_text(V4L2_PIX_FMT_RGB24), "RGB3");
  EXPECT_EQ(fourcc_text(v4l2_fourcc('Y', '1', '0', ' ')), "Y10");
  EXPECT_EQ(fourcc_text(0x01020304), "????");
}

TEST(FrameRates, TextFromTimePerFrame) {
  EXPECT_EQ(rate_text({1, 30}), "30");
  EXPECT_EQ(rate_text({1001, 30000}), "29.97");
  EXPECT_EQ(rate_text({2, 15}), "7.50");
  EXPECT_EQ(rate_text({0, 30}), "?");
  EXPECT_EQ(rate_text({1, 0}), "?");
}

TEST(FrameRates, RoundTripThroughTimePerFrame) {
  const v4l2_fract whole = frame_interval(30);
  EXPECT_EQ(whole.numerator, 1u);
  EXPECT_EQ(whole.denominator, 30u);
  const v4l2_fract ntsc = frame_interval(29.97);
  EXPECT_EQ(ntsc.numerator, 1000u);
  EXPECT_EQ(ntsc.denominator, 29970u);
  for (const double fps : {5.0, 15.0, 29.97, 30.0, 59.94, 60.0})
    EXPECT_NEAR(frame_rate(frame_interval(fps)), fps, 1e-9);
  EXPECT_EQ(frame_rate({0, 30}), 0.0) << "a driver that does not say";
}

TEST(KernelText, StopsAtTheFirstNulOrTheEndOfTheField) {
  const std::uint8_t padded[8] = {'v', 'i', 'v', 'i', 'd', 0, 0, 0};
  EXPECT_EQ(kernel_text(padded), "vivid");
  const std::uint8_t full[4] = {'a', 'b', 'c', 'd'};
  EXPECT_EQ(kernel_text(full), "abcd") << "a full field has no NUL";
}

}  // namespace
}  // namespace fakecam::v4l2
