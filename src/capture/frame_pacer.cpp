// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/frame_pacer.hpp"

#include "common/error.hpp"

namespace fakecam::capture {

FramePacer::FramePacer(double fps) {
  if (!(fps > 0) || fps > 1000) fail("frame rate {} is out of range (0 < fps <= 1000)", fps);
  period_ = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / fps));
}

void FramePacer::delivered(Clock::time_point now) {
  if (!started_ || now - due_ > period_) {
    started_ = true;
    due_ = now + period_;
    return;
  }
  due_ += period_;
}

}  // namespace fakecam::capture
