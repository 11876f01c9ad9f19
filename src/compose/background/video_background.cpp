// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/video_background.hpp"

#include <chrono>
#include <cmath>

#include "common/error.hpp"
#include "common/log.hpp"
#include "compose/background/image_fit.hpp"

namespace fakecam::compose {
namespace {

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

VideoBackground::VideoBackground(std::filesystem::path path, VideoOptions options, ClockFn clock)
    : path_(std::move(path)), options_(std::move(options)), clock_(clock ? std::move(clock) : ClockFn(steady_seconds)) {
  decoder_ = std::make_unique<VideoDecoder>(path_, options_, cv::Size());
  spdlog::info("{}, looping", decoder_->description());
}

VideoBackground::~VideoBackground() {
  // Stop every decoder first, then join them (the members' destructors).
  std::lock_guard lock(mutex_);
  decoder_->request_stop();
  if (pending_) pending_->request_stop();
}

void VideoBackground::prepare(const BackgroundInput& input) {
  const cv::Size size = input.frame.size();
  {
    std::lock_guard lock(mutex_);
    if (pending_) {
      decoder_->request_stop();
      retired_.push_back(std::move(decoder_));
      decoder_ = std::move(pending_);
      shown_tick_ = -1;
      started_ = false;  // the new video starts from its beginning
      current_ = decoder_->first_fitted().clone();
    }
  }
  if (size != frame_size_) {
    frame_size_ = size;
    decoder_->set_frame_size(size);
    std::lock_guard lock(mutex_);
    known_size_ = size;
  }
  const double now = clock_();
  if (!started_) {
    started_ = true;
    start_s_ = now;
  } else if (now - last_s_ > kPauseGapS) {
    // Paused: go on from the next frame instead of jumping ahead.
    start_s_ += (now - last_s_) - 1.0 / options_.output_fps;
  }
  last_s_ = now;
  tick_ = static_cast<std::uint64_t>(std::max(0.0, std::floor((now - start_s_) * options_.output_fps + 1e-9)));
  const std::int64_t taken = decoder_->take(tick_, current_);
  if (taken >= 0) {
    shown_tick_ = taken;
  } else if (shown_tick_ >= 0 && static_cast<std::uint64_t>(shown_tick_) < tick_) {
    ++late_;  // the due frame is not decoded yet: show the last one again
  }
  if (current_.empty() || current_.size() != size) {
    // The first frame, or the frame size changed under queued frames: fit
    // here, once.
    const cv::Mat source = current_.empty() ? decoder_->first_raw() : current_.clone();
    fit_image(source, size, options_.fit, options_.matte, current_);
    if (shown_tick_ < 0) EffectChain(options_.effects).apply(current_);
  }
}

ReloadResult VideoBackground::reload() {
  std::vector<std::unique_ptr<VideoDecoder>> retired;
  {
    std::lock_guard lock(mutex_);
    retired.swap(retired_);
  }
  retired.clear();  // joins stopped decoders here, not on the processing thread
  cv::Size size;
  {
    std::lock_guard lock(mutex_);
    size = known_size_;
  }
  try {
    auto fresh = std::make_unique<VideoDecoder>(path_, options_, size);
    const std::string message = fresh->description();
    std::lock_guard lock(mutex_);
    if (pending_) pending_->request_stop();
    pending_ = std::move(fresh);
    spdlog::info("reloaded {}", message);
    return {true, message};
  } catch (const Error& e) {
    spdlog::warn("{}; keeping the background video that is playing", e.what());
    return {false, e.what()};
  }
}

}  // namespace fakecam::compose
