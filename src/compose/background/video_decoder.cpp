// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/video_decoder.hpp"

#include <cmath>

#include "common/error.hpp"
#include "common/log.hpp"
#include "common/thread_name.hpp"
#include "compose/background/image_fit.hpp"
#include "media/image_io.hpp"
#include "media/media_reader.hpp"

namespace fakecam::compose {

VideoDecoder::VideoDecoder(std::filesystem::path path, VideoOptions options, cv::Size frame_size)
    : path_(std::move(path)), options_(std::move(options)), frame_size_(frame_size) {
  media::check_readable(path_, "an image or video");
  try {
    reader_ = std::make_unique<media::MediaReader>(path_);
  } catch (const media::OpenError& e) {
    if (e.kind() == media::OpenError::Kind::too_large) throw;
    if (e.kind() == media::OpenError::Kind::no_frames)
      fail("{}: contains no video frames fakecam can decode", path_.string());
    fail("{}: neither an image nor a video fakecam can read (unknown format or corrupt data)", path_.string());
  }
  if (!reader_->read(first_raw_) || first_raw_.empty() || first_raw_.cols < 1 || first_raw_.rows < 1) {
    fail("{}: contains no video frames fakecam can decode", path_.string());
  }
  const double fps = reader_->fps();
  if (fps > 0) {
    source_fps_ = fps;
  } else {
    source_fps_ = options_.output_fps;
    spdlog::info("{}: the video does not give its frame rate; playing it at {} fps", path_.string(), source_fps_);
  }
  if (!frame_size_.empty()) {
    fit_image(first_raw_, frame_size_, options_.fit, options_.matte, first_fitted_);
    EffectChain(options_.effects).apply(first_fitted_);
  }
  raw_ = first_raw_.clone();
  thread_ = std::thread([this] { run(); });
}

VideoDecoder::~VideoDecoder() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

void VideoDecoder::request_stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  room_.notify_all();
  filled_.notify_all();
}

std::string VideoDecoder::description() const {
  return fmt::format("background video {} ({}x{} @{})", path_.string(), first_raw_.cols, first_raw_.rows,
                     std::round(source_fps_ * 100) / 100);
}

void VideoDecoder::set_frame_size(cv::Size size) {
  std::lock_guard lock(mutex_);
  frame_size_ = size;
}

std::int64_t VideoDecoder::take(std::uint64_t tick, cv::Mat& frame) {
  std::int64_t taken = -1;
  {
    std::lock_guard lock(mutex_);
    if (tick > wanted_tick_) wanted_tick_ = tick;
    while (!queue_.empty() && queue_.front().tick <= tick) {
      if (!frame.empty()) pool_.push_back(std::move(frame));
      frame = std::move(queue_.front().image);
      taken = static_cast<std::int64_t>(queue_.front().tick);
      queue_.pop_front();
    }
  }
  room_.notify_one();
  return taken;
}

bool VideoDecoder::wait_for_tick(std::uint64_t tick, double timeout_s) {
  std::unique_lock lock(mutex_);
  return filled_.wait_for(lock, std::chrono::duration<double>(timeout_s),
                          [&] { return stop_ || failed_ || (!queue_.empty() && queue_.back().tick >= tick); }) &&
         !queue_.empty() && queue_.back().tick >= tick;
}

bool VideoDecoder::restart(long pass) {
  if (!reader_->rewind() || !reader_->read(raw_) || raw_.empty()) return false;
  raw_index_ = 0;
  raw_retrieved_ = true;
  pass_ = pass;
  loops_.fetch_add(1);
  return true;
}

bool VideoDecoder::seek_forward(long index) {
  while (raw_index_ < index) {
    if (!reader_->grab()) return false;
    ++raw_index_;
    raw_retrieved_ = false;
  }
  return true;
}

void VideoDecoder::run() {
  name_this_thread("bg-video");
  std::uint64_t tick = 0;
  EffectChain chain(options_.effects);
  try {
    while (true) {
      cv::Mat buffer;
      cv::Size size;
      {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [&] { return stop_ || static_cast<int>(queue_.size()) < options_.queue_frames; });
        if (stop_) return;
        // Behind the consumer (it was paused, or this machine is slow):
        // jump to what it wants instead of showing old frames late.
        if (tick < wanted_tick_) tick = wanted_tick_;
        size = frame_size_;
        if (!pool_.empty()) {
          buffer = std::move(pool_.back());
          pool_.pop_back();
        }
      }
      if (size.empty()) {
        // Nothing to fit to yet: wait for the first prepare().
        std::unique_lock lock(mutex_);
        room_.wait_for(lock, std::chrono::milliseconds(20));
        continue;
      }
      if (!failed_) {
        // Source frame `global` of the endless loop: pass `global /
        // pass_length_`, frame `global % pass_length_` of it. The length is
        // known once the file first ran out (the first pass plays on until
        // then).
        const double t = static_cast<double>(tick) / options_.output_fps;
        const long global = static_cast<long>(std::floor(t * source_fps_ + 1e-6));
        for (int attempt = 0; attempt < 3; ++attempt) {
          long want = global;
          if (pass_length_ > 0) {
            want = global % pass_length_;
            const long pass = global / pass_length_;
            // A new pass (or passes skipped after a pause): from the start
            // (a one-frame video has its frame already).
            if (pass != pass_ && pass_length_ == 1) pass_ = pass;
            if (pass != pass_ && !restart(pass)) {
              spdlog::warn("{}: cannot read the video again from the start; keeping its last frame", path_.string());
              failed_ = true;
              break;
            }
          }
          if (seek_forward(want)) break;
          // The file ended before frame `want`: a pass is raw_index_ + 1 frames.
          pass_length_ = raw_index_ + 1;
        }
        if (!raw_retrieved_) {
          reader_->retrieve(raw_);
          raw_retrieved_ = true;
        }
      }
      if (raw_.empty()) {
        failed_ = true;
        continue;
      }
      fit_image(raw_, size, options_.fit, options_.matte, buffer);
      chain.apply(buffer);
      {
        std::lock_guard lock(mutex_);
        queue_.push_back({tick, std::move(buffer)});
      }
      filled_.notify_all();
      ++tick;
      if (failed_) {
        // Nothing new will come: stop producing copies of the last frame.
        std::unique_lock lock(mutex_);
        room_.wait(lock, [&] { return stop_; });
        return;
      }
    }
  } catch (const std::exception& e) {
    spdlog::warn("{}: background video stopped: {}", path_.string(), e.what());
    std::lock_guard lock(mutex_);
    failed_ = true;
    filled_.notify_all();
  }
}

}  // namespace fakecam::compose
