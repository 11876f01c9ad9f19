// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/supervised_source.hpp"

#include <thread>
#include <utility>

#include "common/log.hpp"

namespace fakecam::capture {

SupervisedSource::SupervisedSource(Opener open, std::unique_ptr<FrameSource> first, Timing timing)
    : open_(std::move(open)), timing_(timing), source_(std::move(first)) {
  lost_ = source_ == nullptr;
  if (lost_) problem_ = "not there at start-up";
  last_frame_ = Clock::now();
}

bool SupervisedSource::release() {
  if (!source_) return false;
  source_.reset();
  next_attempt_ = Clock::time_point{};  // reopened at the next read
  spdlog::info("no reader of the virtual camera that fakecam can see: input released, idling");
  changed();
  return true;
}

bool SupervisedSource::try_open() {
  next_attempt_ = Clock::now() + timing_.retry_interval;
  try {
    source_ = open_();
  } catch (const Error& e) {
    // Said once per loss, not every second.
    problem_ = e.what();
    if (!lost_) {
      spdlog::warn("{}; retrying every second", e.what());
      lost_ = true;
      changed();
    }
    return false;
  }
  spdlog::info("{}: {}", lost_ ? "input is back" : "input opened", source_->description());
  if (lost_) ++reconnects_;
  lost_ = false;
  problem_.clear();
  last_frame_ = Clock::now();  // a fresh input gets the full stall time
  changed();
  return true;
}

void SupervisedSource::lose(const std::string& why) {
  // The output keeps its pace with the last frame while we try to reopen.
  spdlog::warn("{}; keeping the virtual camera alive and retrying", why);
  source_.reset();
  lost_ = true;
  problem_ = why;
  next_attempt_ = Clock::now() + timing_.retry_interval;
  changed();
}

SupervisedSource::Read SupervisedSource::next(Frame& frame, bool decode, std::chrono::milliseconds timeout) {
  if (!source_) {
    const auto deadline = Clock::now() + timeout;
    if (next_attempt_ > deadline) {
      std::this_thread::sleep_until(deadline);
      return Read::none;
    }
    std::this_thread::sleep_until(next_attempt_);
    if (!try_open()) return Read::none;
  }
  try {
    const bool got = decode ? source_->read(frame, timeout) : source_->skip(timeout);
    if (got) {
      last_frame_ = Clock::now();
      return decode ? Read::frame : Read::skipped;
    }
    if (timing_.stall_timeout.count() > 0 && Clock::now() - last_frame_ > timing_.stall_timeout) {
      throw DeviceLost(fmt::format("{}: no frames for {} s", source_->description(),
                                   std::chrono::duration_cast<std::chrono::seconds>(timing_.stall_timeout).count()));
    }
  } catch (const Error& e) {
    // DeviceLost and any other failure of a running input.
    lose(e.what());
  }
  return Read::none;
}

}  // namespace fakecam::capture
