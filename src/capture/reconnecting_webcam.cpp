#include "capture/reconnecting_webcam.hpp"

#include <thread>
#include <utility>

#include "common/log.hpp"

namespace fakecam::capture {

ReconnectingWebcam::ReconnectingWebcam(WebcamOptions options) : ReconnectingWebcam(std::move(options), Timing{}) {}

ReconnectingWebcam::ReconnectingWebcam(WebcamOptions options, Timing timing)
    : ReconnectingWebcam([options = std::move(options)] { return open_webcam(options); }, timing) {}

ReconnectingWebcam::ReconnectingWebcam(Opener open, Timing timing) : open_(std::move(open)), timing_(timing) {
  source_ = open_();
  size_ = source_->size();
  fps_ = source_->fps();
  description_ = source_->description();
  last_frame_ = Clock::now();
}

void ReconnectingWebcam::lost(const std::string& why) {
  spdlog::warn("{}; reconnecting", why);
  source_.reset();
  problem_ = why;
  next_attempt_ = Clock::now() + timing_.retry_interval;
}

bool ReconnectingWebcam::try_open() {
  try {
    source_ = open_();
  } catch (const Error& e) {
    // Log each new reason once, not every second.
    if (problem_ != e.what()) spdlog::info("camera still away: {}", e.what());
    problem_ = e.what();
    next_attempt_ = Clock::now() + timing_.retry_interval;
    return false;
  }
  ++reconnects_;
  problem_.clear();
  if (source_->size() != size_) {
    spdlog::warn("the camera came back at {}x{} (was {}x{})", source_->size().width, source_->size().height, size_.width,
                 size_.height);
  }
  size_ = source_->size();
  fps_ = source_->fps();
  description_ = source_->description();
  last_frame_ = Clock::now();
  spdlog::warn("camera back: {}", description_);
  return true;
}

bool ReconnectingWebcam::read(Frame& frame, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto now = Clock::now();
    if (!source_) {
      if (now < next_attempt_) {
        if (next_attempt_ > deadline) {
          std::this_thread::sleep_until(deadline);
          return false;
        }
        std::this_thread::sleep_until(next_attempt_);
      }
      if (!try_open()) {
        if (Clock::now() >= deadline) return false;
        continue;
      }
    }
    const auto left = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()),
                               std::chrono::milliseconds(0));
    try {
      if (source_->read(frame, left)) {
        last_frame_ = Clock::now();
        frame.sequence = sequence_++;
        return true;
      }
    } catch (const DeviceLost& e) {
      lost(e.what());
      if (Clock::now() >= deadline) return false;
      continue;
    }
    if (timing_.stall_timeout.count() > 0 && Clock::now() - last_frame_ >= timing_.stall_timeout) {
      lost(fmt::format("{}: no frame for {} s", description_,
                       std::chrono::duration<double>(timing_.stall_timeout).count()));
    }
    return false;
  }
}

}  // namespace fakecam::capture
