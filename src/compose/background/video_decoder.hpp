// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An animated background's frames, decoded ahead on their own thread.
//
// The decoder thread turns the video (any format FFmpeg reads, through
// media::MediaReader) into frames for the *output* ticks - tick k shows at k /
// output_fps seconds - already fitted to the frame size and with the layer's
// effects applied, and keeps a few of them in a bounded queue. The processing
// thread only takes the frame that is due (take(): a pointer swap, never a
// wait), so decoding, scaling and the loop restart at the end of the file
// (a reopen, some milliseconds) all happen off it. The queue covers the
// restart (a seek, or a reopen): it holds `queue_frames` frames (200 ms at 30 fps).
//
// Source frames are picked by time: a 60 fps video at 30 fps output skips
// every other frame (grab without converting it), a 15 fps video shows each
// frame twice.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core.hpp>

#include "compose/compose_settings.hpp"
#include "compose/effects/effect_chain.hpp"

// Decoding, and the decoded frame -> 8-bit BGR conversion, are media's
// (MediaReader; FFmpeg's headers stay out of compose).
namespace fakecam::media {
class MediaReader;
}

namespace fakecam::compose {

struct VideoOptions {
  ImageFit fit = ImageFit::cover;
  cv::Vec3b matte{0, 0, 0};  // bars of ImageFit::fit
  EffectList effects;
  double output_fps = 30;
  int queue_frames = 6;
};

class VideoDecoder {
 public:
  // Opens the file and decodes its first frame on the calling thread, so a
  // file that is missing, not a video or undecodable is an Error (naming the
  // file) here; then starts the decoder thread. frame_size may be empty
  // (not known yet): set_frame_size() later.
  VideoDecoder(std::filesystem::path path, VideoOptions options, cv::Size frame_size);
  ~VideoDecoder();
  VideoDecoder(const VideoDecoder&) = delete;
  VideoDecoder& operator=(const VideoDecoder&) = delete;

  // The newest decoded frame whose tick is <= `tick`, swapped into `frame`
  // (whose old buffer is recycled); returns its tick. -1 when no such frame
  // is ready (frame untouched). Never waits. Also tells the decoder which
  // tick is wanted, so that it skips ahead instead of lagging.
  std::int64_t take(std::uint64_t tick, cv::Mat& frame);

  // Frames are fitted to this size from now on (cheap when unchanged).
  void set_frame_size(cv::Size size);
  // Asks the thread to stop (does not wait; the destructor joins).
  void request_stop();

  // The first frame, fitted to the frame size given to the constructor
  // (empty if none was given), and as decoded (8-bit BGR: MediaReader converts).
  const cv::Mat& first_fitted() const { return first_fitted_; }
  const cv::Mat& first_raw() const { return first_raw_; }

  const std::filesystem::path& path() const { return path_; }
  std::string description() const;
  double source_fps() const { return source_fps_; }
  // How often the video ran out and started again.
  std::uint64_t loops() const { return loops_.load(); }
  // Blocks until the frame for `tick` is queued (or timeout): for tests
  // and benchmarks that must not depend on how fast this machine decodes.
  bool wait_for_tick(std::uint64_t tick, double timeout_s);

 private:
  void run();
  // Advances the capture to source frame `index` of the current pass;
  // false when the file ended first.
  bool seek_forward(long index);
  // Goes back to the file's first frame, as pass `pass` of the loop.
  bool restart(long pass);

  std::filesystem::path path_;
  VideoOptions options_;
  std::unique_ptr<media::MediaReader> reader_;
  double source_fps_ = 30;
  cv::Mat first_raw_, first_fitted_;

  // Decoder thread only.
  cv::Mat raw_;         // the last source frame decoded (retrieved or not)
  long raw_index_ = 0;  // its index within the current pass
  bool raw_retrieved_ = true;
  long pass_length_ = -1;            // frames per pass, once known
  long pass_ = 0;                    // which pass of the loop the capture is in
  std::atomic<bool> failed_{false};  // the file cannot be read any more: keep the last frame

  std::mutex mutex_;
  std::condition_variable room_;    // the queue has room, or stop
  std::condition_variable filled_;  // a frame was queued
  struct Entry {
    std::uint64_t tick;
    cv::Mat image;
  };
  std::deque<Entry> queue_;
  std::vector<cv::Mat> pool_;  // recycled buffers
  cv::Size frame_size_;
  std::uint64_t wanted_tick_ = 0;
  bool stop_ = false;
  std::atomic<std::uint64_t> loops_{0};
  std::thread thread_;
};

}  // namespace fakecam::compose
