// SPDX-License-Identifier: GPL-3.0-or-later
// Motion gating: the last mask stands for a frame while the model input
// barely changed, never before the first inference, never past max_reuse,
// and never with gating off. Time is given, not measured.

#include <gtest/gtest.h>

#include "segment/motion_gate.hpp"

namespace fakecam::segment {
namespace {

using namespace std::chrono_literals;

// A model input (CV_32FC3 in [0, 1]) of one grey level.
cv::Mat input_of(double level) { return cv::Mat(144, 256, CV_32FC3, cv::Scalar::all(level / 255.0)); }

TEST(MotionGate, ReusesTheMaskWhileTheInputStaysStill) {
  MotionGate gate;  // 1.5 levels, 500 ms
  const Clock::time_point t0{};
  EXPECT_FALSE(gate.can_reuse(input_of(100), t0)) << "no mask yet";
  gate.inferred(input_of(100), t0);
  EXPECT_TRUE(gate.can_reuse(input_of(100), t0 + 33ms));
  EXPECT_TRUE(gate.can_reuse(input_of(101), t0 + 66ms)) << "1 level < 1.5";
  EXPECT_FALSE(gate.can_reuse(input_of(102), t0 + 66ms)) << "2 levels >= 1.5";
  EXPECT_FALSE(gate.can_reuse(input_of(90), t0 + 66ms));
}

TEST(MotionGate, ComparesWithTheInputOfTheLastInference) {
  MotionGate gate;
  const Clock::time_point t0{};
  gate.inferred(input_of(100), t0);
  // Reused frames do not move the reference: a slow drift adds up.
  EXPECT_TRUE(gate.can_reuse(input_of(101), t0 + 33ms));
  EXPECT_FALSE(gate.can_reuse(input_of(102), t0 + 66ms));
  gate.inferred(input_of(102), t0 + 70ms);
  EXPECT_TRUE(gate.can_reuse(input_of(102), t0 + 100ms));
}

TEST(MotionGate, RefreshesAfterMaxReuse) {
  MotionGate gate(MotionGateSettings{1.5, 200ms});
  const Clock::time_point t0{};
  gate.inferred(input_of(50), t0);
  EXPECT_TRUE(gate.can_reuse(input_of(50), t0 + 199ms));
  EXPECT_FALSE(gate.can_reuse(input_of(50), t0 + 200ms)) << "a still scene is still segmented now and then";
  gate.inferred(input_of(50), t0 + 210ms);
  EXPECT_TRUE(gate.can_reuse(input_of(50), t0 + 300ms));
}

TEST(MotionGate, ThresholdZeroTurnsGatingOff) {
  MotionGate gate(MotionGateSettings{0.0, 500ms});
  const Clock::time_point t0{};
  gate.inferred(input_of(80), t0);
  EXPECT_FALSE(gate.can_reuse(input_of(80), t0 + 1ms));
  gate.set_settings(MotionGateSettings{});
  EXPECT_TRUE(gate.can_reuse(input_of(80), t0 + 1ms)) << "settings change on the fly";
}

TEST(MotionGate, AveragesTheChangeOverChannelsAndPixels) {
  MotionGate gate;
  const Clock::time_point t0{};
  cv::Mat still = input_of(100);
  gate.inferred(still, t0);
  // One channel changed by 3 levels: a mean of 1 level over the three.
  cv::Mat one_channel = still.clone();
  one_channel.forEach<cv::Vec3f>([](cv::Vec3f& p, const int*) { p[1] += 3.0f / 255.0f; });
  EXPECT_TRUE(gate.can_reuse(one_channel, t0 + 10ms));
  // A quarter of the pixels changed by 8 levels: 2 levels on average.
  cv::Mat corner = still.clone();
  corner(cv::Rect(0, 0, 128, 72)) += cv::Scalar::all(8.0 / 255.0);
  EXPECT_FALSE(gate.can_reuse(corner, t0 + 10ms));
}

}  // namespace
}  // namespace fakecam::segment
