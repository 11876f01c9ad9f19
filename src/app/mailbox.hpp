// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A one-slot hand-over between threads that keeps only the newest value:
// a producer never waits, and a slow consumer skips stale frames instead of
// building up latency (a bounded queue of one that drops the oldest).

#include <condition_variable>
#include <mutex>
#include <optional>

#include "common/frame.hpp"

namespace fakecam::app {

template <typename T>
class Mailbox {
 public:
  // Returns true if an unread value was overwritten (a dropped frame).
  bool put(T value) {
    bool dropped;
    {
      std::lock_guard lock(mutex_);
      dropped = value_.has_value();
      value_ = std::move(value);
    }
    changed_.notify_all();
    return dropped;
  }

  // Waits until a value is there, `deadline` passes, or close() is called.
  std::optional<T> take_until(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    changed_.wait_until(lock, deadline, [&] { return value_.has_value() || closed_; });
    std::optional<T> out;
    out.swap(value_);
    return out;
  }

  void clear() {
    std::lock_guard lock(mutex_);
    value_.reset();
  }

  // Wakes every waiter; later takes return at once.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<T> value_;
  bool closed_ = false;
};

}  // namespace fakecam::app
