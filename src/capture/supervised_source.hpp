// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The input a virtual camera runs from, kept alive by one policy: a webcam
// that is unplugged (DeviceLost, any read error) or stops delivering frames
// for stall_timeout is closed and reopened every retry_interval until it is
// back; one absent at start-up is waited for the same way; release() closes
// it while nobody watches, and the next read opens it again at once.
// Meanwhile reads just time out, so the output keeps its pace with the last
// frame. Failures of the input are logged and retried, never thrown.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "capture/frame_source.hpp"

namespace fakecam::capture {

class SupervisedSource {
 public:
  using Opener = std::function<std::unique_ptr<FrameSource>()>;

  struct Timing {
    std::chrono::milliseconds retry_interval{1000};
    // No frame for this long counts as lost: a USB camera can wedge without
    // an error, and a v4l2loopback "webcam" whose producer died just stops.
    std::chrono::milliseconds stall_timeout{5000};
  };

  enum class Read { frame, skipped, none };

  // `first` is the input opened at start-up (its errors were reported there),
  // or null when it was absent: then it is waited for, and "input is back"
  // when it comes.
  SupervisedSource(Opener open, std::unique_ptr<FrameSource> first, Timing timing);
  SupervisedSource(Opener open, std::unique_ptr<FrameSource> first)
      : SupervisedSource(std::move(open), std::move(first), Timing{}) {}

  // Reads the next frame into `frame`, or with decode = false consumes it
  // undecoded (--max-fps), waiting up to about `timeout`; opens the input
  // first when it is closed and a try is due. Returns none on timeout and
  // while the input is away.
  Read next(Frame& frame, bool decode, std::chrono::milliseconds timeout);

  // Closes the input while nobody watches, logging so; false when it was
  // not open.
  bool release();

  bool is_open() const { return source_ != nullptr; }
  // The input went away (or never came) and has not come back yet.
  bool lost() const { return lost_; }
  // Why the input is away ("" while it is not), for logs and probes.
  const std::string& problem() const { return problem_; }
  // How many times the input came back after a loss.
  int reconnects() const { return reconnects_; }
  // The open input's description and frame size ("" and 0x0 while closed).
  std::string description() const { return source_ ? source_->description() : std::string(); }
  cv::Size size() const { return source_ ? source_->size() : cv::Size(); }
  // Called after is_open() or lost() changed (for the status line).
  void on_change(std::function<void()> callback) { on_change_ = std::move(callback); }

 private:
  bool try_open();
  void lose(const std::string& why);
  void changed() {
    if (on_change_) on_change_();
  }

  Opener open_;
  Timing timing_;
  std::unique_ptr<FrameSource> source_;
  bool lost_ = false;
  std::string problem_;
  int reconnects_ = 0;
  Clock::time_point next_attempt_{};
  Clock::time_point last_frame_{};
  std::function<void()> on_change_;
};

}  // namespace fakecam::capture
