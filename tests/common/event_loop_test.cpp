// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/event_loop.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/eventfd.h>

#include <atomic>
#include <condition_variable>
#include <vector>

namespace fakecam {
namespace {

using namespace std::chrono_literals;
using Clock = EventLoop::Clock;

// Waits for `done` under `mutex`; the cap is a hang guard, not a speed test.
template <typename F>
bool wait_for(std::mutex& mutex, std::condition_variable& cv, F done) {
  std::unique_lock lock(mutex);
  return cv.wait_for(lock, 60s, done);
}

void signal_eventfd(int fd) {
  const std::uint64_t one = 1;
  ASSERT_EQ(::write(fd, &one, sizeof one), static_cast<ssize_t>(sizeof one));
}

struct Events {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> seen;
  void add(std::string what) {
    {
      std::lock_guard lock(mutex);
      seen.push_back(std::move(what));
    }
    cv.notify_all();
  }
  bool wait_count(std::size_t n) {
    return wait_for(mutex, cv, [&] { return seen.size() >= n; });
  }
};

TEST(EventLoop, CallsBackWhenADescriptorIsReadyAndNotBefore) {
  EventLoop loop;
  Events events;
  const UniqueFd fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  auto watch = loop.watch(fd.get(), POLLIN, [&](short revents) {
    std::uint64_t count = 0;
    ASSERT_EQ(::read(fd.get(), &count, sizeof count), static_cast<ssize_t>(sizeof count));
    events.add((revents & POLLIN) ? "in" : "other");
  });
  // A timer as a marker: it fires, the idle descriptor did not.
  auto marker = loop.timer([&] { events.add("marker"); });
  marker.start_after(20ms);
  loop.start();
  ASSERT_TRUE(events.wait_count(1));
  signal_eventfd(fd.get());
  ASSERT_TRUE(events.wait_count(2));
  loop.stop();
  EXPECT_EQ(events.seen, (std::vector<std::string>{"marker", "in"}));
}

TEST(EventLoop, ARemovedWatchIsNotCalledAgain) {
  EventLoop loop;
  Events events;
  const UniqueFd fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  EventLoop::Watch watch;
  watch = loop.watch(fd.get(), POLLIN, [&](short) {
    events.add("in");
    watch.reset();  // from its own callback: the descriptor stays readable
  });
  auto marker = loop.timer([&] { events.add("marker"); });
  loop.start();
  signal_eventfd(fd.get());
  ASSERT_TRUE(events.wait_count(1));
  marker.start_after(50ms);
  ASSERT_TRUE(events.wait_count(2));
  loop.stop();
  EXPECT_EQ(events.seen, (std::vector<std::string>{"in", "marker"}));
}

TEST(EventLoop, OneShotAndPeriodicTimersFireInOrder) {
  EventLoop loop;
  Events events;
  int ticks = 0;
  EventLoop::Timer periodic = loop.timer([&] {
    if (++ticks == 3) periodic.cancel();
    events.add("tick");
  });
  auto once = loop.timer([&] { events.add("once"); });
  const auto t0 = Clock::now();
  once.start_at(t0 + 10ms);
  periodic.start_at(t0 + 200ms, 20ms);
  loop.start();
  ASSERT_TRUE(events.wait_count(4));
  // Past the cancel: a further tick would show up as a fifth entry.
  auto marker = loop.timer([&] { events.add("marker"); });
  marker.start_after(100ms);
  ASSERT_TRUE(events.wait_count(5));
  loop.stop();
  EXPECT_EQ(events.seen, (std::vector<std::string>{"once", "tick", "tick", "tick", "marker"}));
  EXPECT_GE(Clock::now() - t0, 200ms);
}

TEST(EventLoop, ATimerSetInThePastFiresAtOnce) {
  EventLoop loop;
  Events events;
  auto timer = loop.timer([&] { events.add("late"); });
  timer.start_at(Clock::time_point{});
  loop.start();
  ASSERT_TRUE(events.wait_count(1));
}

TEST(EventLoop, DeliversBlockedSignalsThroughTheSignalfd) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  const BlockedSignals blocked(set);  // before the loop thread, which inherits it
  EventLoop loop;
  Events events;
  auto signals = loop.signals(set, [&](int signo) { events.add(signo == SIGUSR1 ? "usr1" : "usr2"); });
  loop.start();
  ::kill(::getpid(), SIGUSR1);
  ASSERT_TRUE(events.wait_count(1));
  ::kill(::getpid(), SIGUSR2);
  ASSERT_TRUE(events.wait_count(2));
  loop.stop();
  signals.reset();
  EXPECT_EQ(events.seen, (std::vector<std::string>{"usr1", "usr2"}));
}

TEST(EventLoop, StopFromAnotherThreadEndsRun) {
  EventLoop loop;
  std::atomic<bool> returned{false};
  std::thread runner([&] {
    loop.run();
    returned = true;
  });
  // Nothing registered: run() only waits; stop() must still wake it.
  std::this_thread::sleep_for(20ms);
  loop.stop();
  runner.join();
  EXPECT_TRUE(returned);
}

TEST(EventLoop, StopFromACallbackEndsRun) {
  EventLoop loop;
  auto timer = loop.timer([&] { loop.stop(); });
  timer.start_after(5ms);
  loop.run();  // returns: the timer stopped it
  SUCCEED();
}

TEST(EventLoop, WaitsForWritability) {
  EventLoop loop;
  Events events;
  int pipe_fds[2];
  ASSERT_EQ(::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK), 0);
  const UniqueFd reader(pipe_fds[0]), writer(pipe_fds[1]);
  // Fill the pipe: not writable until the reader drains it.
  const std::string chunk(4096, 'x');
  while (::write(writer.get(), chunk.data(), chunk.size()) > 0) {
  }
  EventLoop::Watch watch;
  watch = loop.watch(writer.get(), 0, [&](short revents) {
    if (revents & POLLOUT) events.add("out");
    watch.set_events(0);
  });
  watch.set_events(POLLOUT);
  loop.start();
  char buf[65536];
  while (::read(reader.get(), buf, sizeof buf) > 0) {
  }
  ASSERT_TRUE(events.wait_count(1));
  loop.stop();
  EXPECT_EQ(events.seen, (std::vector<std::string>{"out"}));
}

}  // namespace
}  // namespace fakecam
