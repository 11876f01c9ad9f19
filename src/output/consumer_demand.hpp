// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// On demand: whether frames are wanted, from the number of programs reading
// the virtual cameras. One policy, two periods:
// - settle: a reader must stay this long before it counts (a program probing
//   the device list opens and closes it in a moment, and must not wake the
//   webcam);
// - grace: frames stay wanted this long after the last reader left (a tab
//   reload or a conferencing app reopening the camera must not churn it).
// ConsumerDemand is the pure policy (times passed in: tests use a fake
// clock); DemandMonitor runs it on an EventLoop, woken by the reader
// watches' descriptors and a timer for the periods, never by polling.

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "common/event_loop.hpp"
#include "common/frame.hpp"
#include "output/consumer_watch.hpp"

namespace fakecam::output {

struct DemandTiming {
  std::chrono::milliseconds settle{300};
  std::chrono::milliseconds grace{5000};
};

class ConsumerDemand {
 public:
  // `wanted`: the state at start (a virtual camera starts with its input
  // open, so that a reader that is already there gets frames at once).
  ConsumerDemand(DemandTiming timing, bool wanted) : timing_(timing), wanted_(wanted) {}

  // Feeds the current count; returns wanted().
  bool update(int readers, Clock::time_point now);
  bool wanted() const { return wanted_; }

  // When the answer changes unless the count does (a reader settles, the
  // grace period ends): the latest time for the next update().
  std::optional<Clock::time_point> deadline() const;

 private:
  DemandTiming timing_;
  bool wanted_;
  std::optional<Clock::time_point> readers_since_;  // the current run of readers began
  std::optional<Clock::time_point> idle_since_;     // wanted, but no settled reader since
};

class DemandMonitor {
 public:
  // Called on the loop thread when wanted or the reader count changed.
  using OnChange = std::function<void(bool wanted, int readers)>;

  // `watches` (borrowed; they outlive the monitor) are summed: frames are
  // wanted while anyone reads any of the virtual cameras. The first
  // evaluation runs on the loop at once.
  DemandMonitor(EventLoop& loop, std::vector<ConsumerWatch*> watches, DemandTiming timing, OnChange on_change);
  ~DemandMonitor();
  DemandMonitor(const DemandMonitor&) = delete;
  DemandMonitor& operator=(const DemandMonitor&) = delete;

 private:
  void evaluate();

  EventLoop& loop_;
  std::vector<ConsumerWatch*> watches_;
  ConsumerDemand demand_;
  OnChange on_change_;
  int last_readers_ = -1;
  bool last_wanted_;
  std::vector<EventLoop::Watch> fd_watches_;
  EventLoop::Timer timer_;
};

}  // namespace fakecam::output
