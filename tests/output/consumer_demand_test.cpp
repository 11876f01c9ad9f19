// SPDX-License-Identifier: GPL-3.0-or-later
// On demand as one policy: settle and grace with a fake clock
// (ConsumerDemand), and the monitor that runs it on an event loop, woken by
// the watches' descriptors (DemandMonitor).

#include "output/consumer_demand.hpp"

#include <gtest/gtest.h>

#include <sys/eventfd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace fakecam::output {
namespace {

using namespace std::chrono_literals;

constexpr DemandTiming kTiming{300ms, 2000ms};

TEST(ConsumerDemand, StartsIdleAndWakesWithAReaderThatStays) {
  ConsumerDemand demand(kTiming, false);
  const Clock::time_point t0{};
  EXPECT_FALSE(demand.update(0, t0));
  EXPECT_FALSE(demand.deadline().has_value()) << "nothing to wait for";
  EXPECT_FALSE(demand.update(1, t0 + 100ms)) << "a reader must settle first";
  ASSERT_TRUE(demand.deadline().has_value());
  EXPECT_EQ(*demand.deadline(), t0 + 400ms);
  EXPECT_FALSE(demand.update(1, t0 + 399ms));
  EXPECT_TRUE(demand.update(1, t0 + 400ms));
  EXPECT_FALSE(demand.deadline().has_value());
}

TEST(ConsumerDemand, AProbeThatComesAndGoesNeverWakesIt) {
  ConsumerDemand demand(kTiming, false);
  const Clock::time_point t0{};
  EXPECT_FALSE(demand.update(2, t0));
  EXPECT_FALSE(demand.update(0, t0 + 250ms));  // gone before it settled
  EXPECT_FALSE(demand.deadline().has_value());
  EXPECT_FALSE(demand.update(1, t0 + 500ms));  // a new run of readers settles from here
  EXPECT_FALSE(demand.update(1, t0 + 700ms));
  EXPECT_TRUE(demand.update(1, t0 + 800ms));
}

TEST(ConsumerDemand, KeepsGoingForTheGraceTimeAfterTheLastReader) {
  ConsumerDemand demand(kTiming, true);  // started with the input open
  const Clock::time_point t0{};
  EXPECT_TRUE(demand.update(0, t0 + 100ms));
  ASSERT_TRUE(demand.deadline().has_value());
  EXPECT_EQ(*demand.deadline(), t0 + 2100ms);
  EXPECT_TRUE(demand.update(0, t0 + 2099ms));
  EXPECT_FALSE(demand.update(0, t0 + 2100ms));
  EXPECT_FALSE(demand.deadline().has_value());
}

TEST(ConsumerDemand, AReaderComingBackWithinGraceCancelsTheStopOnceSettled) {
  ConsumerDemand demand(kTiming, true);
  const Clock::time_point t0{};
  demand.update(1, t0);
  demand.update(0, t0 + 500ms);  // a tab reload closes...
  demand.update(1, t0 + 900ms);  // ...and reopens
  ASSERT_TRUE(demand.deadline().has_value());
  EXPECT_EQ(*demand.deadline(), t0 + 1200ms) << "the reader settling comes before the grace end";
  EXPECT_TRUE(demand.update(1, t0 + 1200ms));
  EXPECT_FALSE(demand.deadline().has_value());
  EXPECT_TRUE(demand.update(0, t0 + 2600ms));  // a new grace period starts here
  EXPECT_TRUE(demand.update(0, t0 + 4500ms));
  EXPECT_FALSE(demand.update(0, t0 + 4600ms));
}

TEST(ConsumerDemand, AnUnsettledReaderDoesNotExtendTheGrace) {
  ConsumerDemand demand(kTiming, true);
  const Clock::time_point t0{};
  demand.update(0, t0);  // grace until t0 + 2 s
  EXPECT_TRUE(demand.update(1, t0 + 1900ms));
  EXPECT_EQ(*demand.deadline(), t0 + 2000ms) << "the grace ends before the reader settles";
  EXPECT_FALSE(demand.update(1, t0 + 2000ms));
  EXPECT_EQ(*demand.deadline(), t0 + 2200ms);
  EXPECT_TRUE(demand.update(1, t0 + 2200ms));
}

// A reader watch driven by the test: readable after each set().
class FakeWatch final : public ConsumerWatch {
 public:
  FakeWatch() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
  void set(int readers) {
    readers_ = readers;
    const std::uint64_t one = 1;
    ASSERT_EQ(::write(fd_.get(), &one, sizeof one), static_cast<ssize_t>(sizeof one));
  }
  int readers() override {
    ++asked_;
    std::uint64_t count = 0;
    [[maybe_unused]] const auto n = ::read(fd_.get(), &count, sizeof count);
    return readers_.load();
  }
  Wakeup wakeup() const override { return {fd_.get(), POLLIN, false}; }
  int asked() const { return asked_.load(); }

 private:
  UniqueFd fd_;
  std::atomic<int> readers_{0};
  std::atomic<int> asked_{0};
};

// What the monitor reported, in order.
struct Reports {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::pair<bool, int>> seen;
  void add(bool wanted, int readers) {
    {
      std::lock_guard lock(mutex);
      seen.emplace_back(wanted, readers);
    }
    cv.notify_all();
  }
  // Waits for `report` after the one waited for last; the cap is a hang
  // guard, not a speed requirement.
  bool wait_for(std::pair<bool, int> report) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, 60s, [&] {
      for (; next < seen.size(); ++next) {
        if (seen[next] == report) {
          ++next;
          return true;
        }
      }
      return false;
    });
  }
  std::size_t next = 0;
};

TEST(DemandMonitor, ReportsReadersOfAllWatchesAndTheEndOfTheGrace) {
  EventLoop loop;
  loop.start();
  FakeWatch a, b;
  Reports reports;
  DemandMonitor monitor(loop, {&a, &b}, {0ms, 100ms}, [&](bool wanted, int readers) { reports.add(wanted, readers); });
  ASSERT_TRUE(reports.wait_for({true, 0})) << "the first evaluation: wanted at start, nobody reads yet";
  ASSERT_TRUE(reports.wait_for({false, 0})) << "the grace ended on the timer, with no event";
  a.set(1);
  ASSERT_TRUE(reports.wait_for({true, 1})) << "woken by a's descriptor";
  b.set(2);
  ASSERT_TRUE(reports.wait_for({true, 3})) << "readers of all watches together";
  a.set(0);
  b.set(0);
  ASSERT_TRUE(reports.wait_for({false, 0}));
  loop.stop();
  // Every report is a change: no repeats from polling.
  for (std::size_t i = 1; i < reports.seen.size(); ++i) EXPECT_NE(reports.seen[i], reports.seen[i - 1]);
}

TEST(DemandMonitor, SleepsWhileNothingHappens) {
  EventLoop loop;
  loop.start();
  FakeWatch watch;
  Reports reports;
  DemandMonitor monitor(loop, {&watch}, {0ms, 10ms}, [&](bool wanted, int readers) { reports.add(wanted, readers); });
  ASSERT_TRUE(reports.wait_for({false, 0}));
  const int asked = watch.asked();
  std::this_thread::sleep_for(200ms);  // a polling monitor would ask again meanwhile
  EXPECT_EQ(watch.asked(), asked) << "asked for readers without an event or a deadline";
  watch.set(1);
  ASSERT_TRUE(reports.wait_for({true, 1}));
}

TEST(DemandMonitor, AReaderMustSettleBeforeItWakesTheInput) {
  EventLoop loop;
  loop.start();
  FakeWatch watch;
  Reports reports;
  DemandMonitor monitor(loop, {&watch}, {200ms, 0ms}, [&](bool wanted, int readers) { reports.add(wanted, readers); });
  ASSERT_TRUE(reports.wait_for({false, 0}));
  const auto t0 = Clock::now();
  watch.set(1);
  ASSERT_TRUE(reports.wait_for({true, 1}));
  EXPECT_GE(Clock::now() - t0, 200ms) << "woke before the reader settled";
  std::lock_guard lock(reports.mutex);
  ASSERT_GE(reports.seen.size(), 2u);
  EXPECT_EQ(reports.seen[reports.seen.size() - 2], std::make_pair(false, 1)) << "the count is reported at once";
}

}  // namespace
}  // namespace fakecam::output
