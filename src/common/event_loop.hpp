// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One thread that waits for everything fakecam's idle work waits for: the
// signalfd, the control socket and its clients, reader watches (inotify,
// V4L2 events, PipeWire), and timers (the status line, the control clients'
// idle timeout, on-demand's settle and grace periods). Callbacks run on the
// loop's thread, one at a time, so they need no locks among themselves.
//
// Registering (watch(), timer(), signals()), dropping a handle and stop() are
// thread-safe. A registration lives as long as its handle; dropping it from
// another thread waits for its callback if that is running, so an object may
// own handles whose callbacks use it.

#include <poll.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/unique_fd.hpp"

namespace fakecam {

class EventLoop {
 public:
  using Clock = std::chrono::steady_clock;

  // A registration; removes it when destroyed. Move-only.
  class Watch {
   public:
    Watch() = default;
    Watch(Watch&& other) noexcept;
    Watch& operator=(Watch&& other) noexcept;
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;
    ~Watch() { reset(); }
    void reset();
    explicit operator bool() const { return loop_ != nullptr; }
    // The poll events (POLLIN, POLLOUT, POLLPRI) to wait for from now on.
    void set_events(short events);

   protected:
    friend class EventLoop;
    Watch(EventLoop* loop, std::uint64_t id, int fd) : loop_(loop), id_(id), fd_(fd) {}
    EventLoop* loop_ = nullptr;
    std::uint64_t id_ = 0;
    int fd_ = -1;
  };

  // A timerfd: fires its callback once at the time set, or every period.
  class Timer : public Watch {
   public:
    Timer() = default;
    void start_at(Clock::time_point when, Clock::duration period = Clock::duration::zero());
    void start_after(Clock::duration delay, Clock::duration period = Clock::duration::zero()) {
      start_at(Clock::now() + delay, period);
    }
    void cancel();

   private:
    friend class EventLoop;
    using Watch::Watch;
  };

  EventLoop();
  ~EventLoop();  // stops the loop thread
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Calls `on_ready(revents)` whenever `fd` (not owned) is ready for `events`
  // (poll's POLLIN, POLLOUT, POLLPRI; errors and hang-ups are always reported).
  // Edge-triggered: only when something new arrives, for a descriptor that
  // stays "ready" for good (a V4L2 node that is not streaming reports an
  // error bit all the time); its callback must then take everything pending.
  [[nodiscard]] Watch watch(int fd, short events, std::function<void(short revents)> on_ready,
                            bool edge_triggered = false);
  // A timer, not started yet.
  [[nodiscard]] Timer timer(std::function<void()> on_time);
  // Reads `set` from a signalfd and calls `on_signal(signo)` for each. The
  // signals must be blocked in every thread (see BlockedSignals).
  [[nodiscard]] Watch signals(const sigset_t& set, std::function<void(int signo)> on_signal);

  // Runs `fn` on the loop's thread and returns when it did; runs it at once
  // when called on that thread or while the loop does not run. For tearing
  // down what callbacks use (an object's handles and the state they share).
  void call(const std::function<void()>& fn);

  // Runs callbacks on the calling thread until stop().
  void run();
  // run() on a thread of the loop's own, joined by stop() or the destructor.
  void start();
  // Thread-safe: run() returns after the callback in progress, if any. Joins
  // the thread start() made unless called on it.
  void stop();
  bool on_loop_thread() const { return std::this_thread::get_id() == running_on_; }

 private:
  struct Entry {
    int fd = -1;
    UniqueFd owned;  // timerfd, signalfd
    std::function<void(short)> on_ready;
  };
  std::uint64_t add(int fd, UniqueFd owned, std::uint32_t events, std::function<void(short)> on_ready);
  void remove(std::uint64_t id);
  void modify(std::uint64_t id, int fd, std::uint32_t events);
  void run_calls(std::unique_lock<std::mutex>& lock);

  UniqueFd epoll_;
  UniqueFd wake_;  // eventfd: stop()
  std::mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<Entry>> entries_;
  std::uint64_t next_id_ = 1;
  std::uint64_t running_id_ = 0;  // whose callback runs now
  bool running_ = false;
  std::vector<const std::function<void()>*> calls_;  // call()s waiting for the loop
  std::uint64_t calls_done_ = 0;
  std::condition_variable callback_done_;
  bool stopping_ = false;
  std::atomic<std::thread::id> running_on_;
  std::thread thread_;
};

// Blocks `set` in the calling thread (and every thread it starts later) for
// its lifetime; restores the previous mask when destroyed.
class BlockedSignals {
 public:
  explicit BlockedSignals(const sigset_t& set);
  ~BlockedSignals();
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;

 private:
  sigset_t previous_{};
};

}  // namespace fakecam
