// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/frame_pacer.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace fakecam::capture {
namespace {

using namespace std::chrono_literals;

// Made-up times: nothing here waits or reads the clock.
const Clock::time_point t0 = Clock::time_point{} + 1000s;

TEST(FramePacer, FirstFrameIsDueAtOnce) {
  const FramePacer pacer(30);
  EXPECT_LE(pacer.due(), t0);
  EXPECT_EQ(pacer.period(), std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / 30)));
}

TEST(FramePacer, KeepsTheAverageRateDespiteLateWakeUps) {
  FramePacer pacer(10);  // 100 ms
  pacer.delivered(t0);
  EXPECT_EQ(pacer.due(), t0 + 100ms);
  pacer.delivered(t0 + 103ms);  // woke 3 ms late
  EXPECT_EQ(pacer.due(), t0 + 200ms);
  pacer.delivered(t0 + 250ms);  // half a period late: still on schedule
  EXPECT_EQ(pacer.due(), t0 + 300ms);
}

TEST(FramePacer, RestartsAfterAStallInsteadOfBursting) {
  FramePacer pacer(10);
  pacer.delivered(t0);
  pacer.delivered(t0 + 1000ms);  // the consumer stalled for 9 periods
  EXPECT_EQ(pacer.due(), t0 + 1100ms);
}

TEST(FramePacer, RefusesImpossibleRates) {
  EXPECT_THROW(FramePacer(0), Error);
  EXPECT_THROW(FramePacer(-5), Error);
  EXPECT_THROW(FramePacer(1e6), Error);
}

}  // namespace
}  // namespace fakecam::capture
