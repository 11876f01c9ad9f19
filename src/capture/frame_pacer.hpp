// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Spaces frames from a file at the file's own rate, as a camera would.
// Pure arithmetic on time points, so tests drive it with made-up times.

#include <chrono>

#include "common/frame.hpp"

namespace fakecam::capture {

class FramePacer {
 public:
  explicit FramePacer(double fps);

  // When the next frame is due. The first frame is due at once.
  Clock::time_point due() const { return due_; }

  // Records that the frame due at due() went out at `now`. The next is due
  // one period after the previous due time, so the average rate stays exact
  // although each wake-up is a little late; when the consumer fell more than
  // a period behind (it stalled), the schedule restarts from `now` instead of
  // bursting out the missed frames.
  void delivered(Clock::time_point now);

  Clock::duration period() const { return period_; }

 private:
  Clock::duration period_;
  Clock::time_point due_{};  // epoch: nothing delivered yet, due at once
  bool started_ = false;
};

}  // namespace fakecam::capture
