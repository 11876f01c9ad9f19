// SPDX-License-Identifier: GPL-3.0-or-later
// mask_eval's model of the successor's (lfbw's) post-processing: the 0.5
// category cut and 0.75 threshold, the 5x5 dilation, and the 50 % update.

#include <gtest/gtest.h>

#include "mask_eval/successor.hpp"

namespace fakecam::tools {
namespace {

TEST(SuccessorMask, CutsTheConfidenceAtOneHalf) {
  SuccessorMask person, background;
  cv::Mat alpha;
  person.run(cv::Mat(16, 16, CV_32FC1, cv::Scalar(0.6)), {64, 48}, alpha);
  ASSERT_EQ(alpha.size(), cv::Size(64, 48));
  EXPECT_EQ(cv::countNonZero(alpha != 255), 0);
  background.run(cv::Mat(16, 16, CV_32FC1, cv::Scalar(0.4)), {64, 48}, alpha);
  EXPECT_EQ(cv::countNonZero(alpha), 0);
}

TEST(SuccessorMask, DilatesBeforeBlurring) {
  // A person square from column 16: the blur and 0.75 threshold eat its
  // first column (17 is the first kept), the 5x5 dilation grows it back to
  // 15, and the 10x10 box blur then gives column 16 6/10 on (4/10 without
  // the dilation).
  cv::Mat conf(64, 64, CV_32FC1, cv::Scalar(0));
  conf(cv::Rect(16, 16, 32, 32)).setTo(cv::Scalar(1));
  SuccessorMask s;
  cv::Mat alpha;
  s.run(conf, conf.size(), alpha);
  EXPECT_EQ(alpha.at<std::uint8_t>(32, 32), 255);
  EXPECT_NEAR(alpha.at<std::uint8_t>(32, 16), 153, 1);
  EXPECT_EQ(alpha.at<std::uint8_t>(32, 2), 0);
}

TEST(SuccessorMask, MovesHalfWayToEachNewMask) {
  SuccessorMask s;
  cv::Mat alpha;
  s.run(cv::Mat(8, 8, CV_32FC1, cv::Scalar(1)), {32, 32}, alpha);
  s.run(cv::Mat(8, 8, CV_32FC1, cv::Scalar(0)), {32, 32}, alpha);
  EXPECT_NEAR(alpha.at<std::uint8_t>(16, 16), 128, 1);
  s.run(cv::Mat(8, 8, CV_32FC1, cv::Scalar(0)), {32, 32}, alpha);
  EXPECT_NEAR(alpha.at<std::uint8_t>(16, 16), 64, 1);
}

}  // namespace
}  // namespace fakecam::tools
