// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An animated background (-b clip.mp4): a video played in a loop at its own
// speed, whatever rate the frames are processed at. Decoding, scaling and
// the layer's effects run on the VideoDecoder's thread; here prepare() only
// picks the frame that is due by the clock (a pointer swap).
//
// The clock is the time spent composing: after a pause (nobody watched the
// virtual camera) the video goes on where it stopped instead of jumping.

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "compose/background/background.hpp"
#include "compose/background/video_decoder.hpp"

namespace fakecam::compose {

class VideoBackground final : public Background {
 public:
  using ClockFn = std::function<double()>;  // seconds, steady

  // Throws Error naming the file when it cannot be opened or decoded.
  // clock: empty = std::chrono::steady_clock.
  VideoBackground(std::filesystem::path path, VideoOptions options, ClockFn clock = {});
  ~VideoBackground() override;

  void prepare(const BackgroundInput& input) override;
  const std::uint8_t* row(int y, std::uint8_t*) override { return current_.ptr<std::uint8_t>(y); }
  // Opens the file again (a new decoder, on the calling thread); the next
  // prepare() switches to it. On failure the playing video is kept.
  ReloadResult reload() override;

  // The output tick the last prepare() showed, and the tick of the frame it
  // showed (equal unless the decoder fell behind).
  std::uint64_t tick() const { return tick_; }
  std::int64_t shown_tick() const { return shown_tick_; }
  // Frames prepare() had to show again because the due one was not decoded
  // yet (should stay 0 on a machine with a core to spare).
  std::uint64_t late_frames() const { return late_; }
  VideoDecoder& decoder() { return *decoder_; }

  // A gap between two frames longer than this is a pause, not lateness.
  static constexpr double kPauseGapS = 0.5;

 private:
  std::filesystem::path path_;
  VideoOptions options_;
  ClockFn clock_;
  std::unique_ptr<VideoDecoder> decoder_;
  cv::Mat current_;
  cv::Size frame_size_;
  double start_s_ = 0, last_s_ = 0;
  bool started_ = false;
  std::uint64_t tick_ = 0;
  std::int64_t shown_tick_ = -1;
  std::uint64_t late_ = 0;

  std::mutex mutex_;  // guards the three below (reload runs on another thread)
  cv::Size known_size_;
  std::unique_ptr<VideoDecoder> pending_;
  std::vector<std::unique_ptr<VideoDecoder>> retired_;  // stopped; joined by the next reload or the destructor
};

}  // namespace fakecam::compose
