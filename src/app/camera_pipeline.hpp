// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The virtual webcam at run time: three threads joined by one-slot mailboxes
// that keep only the newest frame (a slow stage skips frames, it never queues
// them up into latency):
//
//   capture  --frame-->  process (segment + compose)  --frame-->  output (paced)
//
// The output thread owns the pace: it writes each new frame as soon as it is
// ready and, when none comes (webcam gone, nobody watching), repeats the last
// one or a black frame so that readers never stall. On demand, the webcam is
// released while no program reads the virtual camera.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/mailbox.hpp"
#include "app/mask_worker.hpp"
#include "app/stage_stats.hpp"
#include "capture/frame_source.hpp"
#include "common/frame.hpp"
#include "compose/compositor.hpp"
#include "compose/framing/framer.hpp"
#include "output/frame_sink.hpp"
#include "segment/segmenter.hpp"
#include "segment/yuv_model_input.hpp"

namespace fakecam::app {

struct PipelineOptions {
  cv::Size size;    // output frame size (the sinks were opened with it)
  double fps = 30;  // output rate
  bool hflip = false;
  bool vflip = false;
  long long max_frames = 0;  // stop after writing this many frames (0 = never)
  // Segment and compose at most this many frames per second (0 = every
  // frame); the output keeps its own rate by repeating frames.
  double max_fps = 0;
  segment::MotionGateSettings motion_gate;
  // A virtual camera must show a frame at once (with exclusive_caps=1 a reader
  // sees the device only after the first frame) and keep showing frames while
  // the input starts: black until the first real frame. A stream (y4m) starts
  // with the first real frame instead.
  bool black_until_first_frame = true;
  // --framing: the frame is captured larger than `size` (when the webcam
  // can) and cropped to the person before compositing (compose/framing).
  compose::framing::FramingOptions framing;
};

// How the pipeline reaches the outside world; each piece is made by
// run_camera.cpp from the settings, and can be faked in tests.
struct PipelineParts {
  // Opens the webcam or file; may throw Error. Called again after a loss
  // (capture::SupervisedSource keeps it alive).
  std::function<std::unique_ptr<capture::FrameSource>()> open_source;
  // Already open (checked at start-up), or null when the input was absent
  // then (run_camera said so): waited for like a lost one.
  std::unique_ptr<capture::FrameSource> first_source;
  std::unique_ptr<segment::Segmenter> segmenter;
  std::unique_ptr<compose::Compositor> compositor;
  std::vector<std::unique_ptr<output::FrameSink>> sinks;
};

class CameraPipeline {
 public:
  CameraPipeline(PipelineOptions options, PipelineParts parts);
  ~CameraPipeline();
  CameraPipeline(const CameraPipeline&) = delete;
  CameraPipeline& operator=(const CameraPipeline&) = delete;

  // Runs until stop() or max_frames; rethrows a fatal error from a thread.
  void run();
  // Thread-safe; may be called from a signal-handling thread.
  void stop();
  void request_reload();
  // Thread-safe. The processing thread swaps the new compositor in before
  // its next frame (so loading its files never stalls a frame).
  void replace_compositor(std::unique_ptr<compose::Compositor> compositor);
  compose::ComposeSettings compose_settings() const;
  // Paused: like nobody watching (black frames, input released).
  void set_paused(bool paused);
  // On demand (output::DemandMonitor): whether frames are wanted, and how
  // many programs read the virtual camera (-1: not known). Idle (black
  // frames at 1 fps, input released) while not wanted or paused.
  void set_demand(bool wanted, int readers);
  // Thread-safe (`fakecam ctl framing`); off glides back to the full view.
  void set_framing(bool on) { framer_.set_enabled(on); }
  bool framing() const { return framer_.enabled(); }

  const PipelineStats& stats() const { return stats_; }
  StatsSnapshot snapshot() const;
  // Seconds since the pipeline started (the clock the stats use).
  double now_s() const;

 private:
  void capture_loop();
  void process_loop();
  void process_frame(Frame& frame, cv::Mat& resized);
  // The YUV path: the frame composed in place (cropped first when
  // framing), never converted to BGR.
  void process_yuv_frame(Frame& frame, bool framing);
  // Submits the model's view of a frame; its mask, or the newest one when it
  // does not come in time (empty before the first).
  cv::Mat segment_frame(const Frame& frame);
  // Framing's crop of a frame of `size` from the model's mask of it.
  cv::Rect crop_for(const Frame& frame, const cv::Mat& mask, cv::Size size);
  // The frame and mask cropped to the person, when framing is active.
  void frame_person(const Frame& frame, cv::Mat& image, cv::Mat& mask);
  void output_loop();
  void fail_with(std::exception_ptr error);
  bool active() const { return active_.load(); }
  void update_active();
  // Wakes the threads waiting in an idle state (activity or stop).
  void wake_idle();
  void write_to_sinks(const Frame& frame, Clock::time_point captured);

  PipelineOptions options_;
  PipelineParts parts_;
  PipelineStats stats_;
  std::unique_ptr<MaskWorker> masks_;
  Clock::time_point started_ = Clock::now();

  Mailbox<Frame> captured_;
  Mailbox<Frame> composed_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> active_{true};  // written under active_mutex_
  std::atomic<bool> reload_requested_{false};
  std::mutex active_mutex_;
  std::condition_variable active_changed_;
  bool paused_ = false;
  bool wanted_ = true;
  int readers_ = -1;
  mutable std::mutex compositor_mutex_;
  std::unique_ptr<compose::Compositor> next_compositor_;
  compose::ComposeSettings current_compose_;
  bool have_mask_ = false;  // process thread only
  compose::framing::Framer framer_;
  cv::Mat cropped_;                     // framing's crop of the frame (process thread only)
  segment::YuvModelInput model_input_;  // process thread only
  std::mutex error_mutex_;
  std::exception_ptr error_;
  std::vector<std::thread> threads_;
};

}  // namespace fakecam::app
