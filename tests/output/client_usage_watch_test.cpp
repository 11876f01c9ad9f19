// SPDX-License-Identifier: GPL-3.0-or-later
// v4l2loopback's client-usage event (>= 0.13): decoding its payload, and the
// fallback to watching opens where the driver has no such event. The event
// path against the real 0.13 driver runs in the guest
// (tests/output/vm/client-usage-reader.sh).

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <fstream>

#include "output/client_usage_watch.hpp"
#include "support/test_paths.hpp"

namespace fakecam::output {
namespace {

std::array<std::uint8_t, 64> payload_with_count(std::uint32_t count) {
  std::array<std::uint8_t, 64> data{};
  std::memcpy(data.data(), &count, sizeof count);
  return data;
}

TEST(ClientUsage, TheEventIdIsV4l2loopbacksPrivateOne) {
  // V4L2_EVENT_PRIVATE_START (0x08000000) + 0x08E00000 + 1, as v4l2loopback.h has it.
  EXPECT_EQ(kClientUsageEvent, 0x10E00001u);
}

TEST(ClientUsage, PayloadCountSaysWhetherSomeoneStreams) {
  EXPECT_EQ(client_usage_count(kClientUsageEvent, payload_with_count(0).data()), 0);
  EXPECT_EQ(client_usage_count(kClientUsageEvent, payload_with_count(1).data()), 1);
  EXPECT_EQ(client_usage_count(kClientUsageEvent, payload_with_count(3).data()), 1);
  EXPECT_EQ(client_usage_count(5 /* V4L2_EVENT_SOURCE_CHANGE */, payload_with_count(1).data()), std::nullopt);
}

TEST(ClientUsage, ANodeWithoutTheEventFallsBackToWatchingOpens) {
  const auto file = test::scratch_dir("client-usage") / "not-a-device";
  std::ofstream(file) << "x";
  EXPECT_EQ(ClientUsageConsumerWatch::try_open(file), nullptr);
  auto watch = watch_loopback_readers(file);
  ASSERT_NE(watch, nullptr);
  EXPECT_NE(dynamic_cast<InotifyConsumerWatch*>(watch.get()), nullptr);
  EXPECT_EQ(watch->readers(), 0);
}

}  // namespace
}  // namespace fakecam::output
