// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Segmentation on its own thread, so the output never waits for the model:
// the processing thread submits each frame and composes with the mask of that
// frame if it is ready in time, else with the newest mask there is.
// Motion gating (segment::MotionGate) saves most of the inference on a still
// scene: the last mask is reused while the frame barely changes.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include <opencv2/core.hpp>

#include "app/mailbox.hpp"
#include "app/stage_stats.hpp"
#include "common/frame.hpp"
#include "segment/motion_gate.hpp"
#include "segment/segmenter.hpp"

namespace fakecam::app {

struct MaskResult {
  cv::Mat mask;                // CV_32FC1 at model resolution; empty if none yet
  std::uint64_t sequence = 0;  // the frame it was computed (or reused) for
};

class MaskWorker {
 public:
  MaskWorker(std::unique_ptr<segment::Segmenter> segmenter, segment::MotionGateSettings gate, PipelineStats& stats);
  ~MaskWorker();
  MaskWorker(const MaskWorker&) = delete;
  MaskWorker& operator=(const MaskWorker&) = delete;

  // The newest submitted frame is the next one segmented; older waiting ones
  // are skipped. The frame's image must not be modified afterwards.
  void submit(const Frame& frame);

  // Waits until the mask for `sequence` (or a later frame) is ready, or
  // `deadline`; returns the newest mask available either way. Rethrows a
  // failure of the segmentation thread.
  MaskResult mask_for(std::uint64_t sequence, Clock::time_point deadline);

  // The model's input size (frames of this size need no resizing).
  cv::Size input_size() const { return input_size_; }

  void set_gate(segment::MotionGateSettings gate);
  void stop();

  // Fraction of frames whose mask was reused (for the status line).
  double reuse_ratio() const;

 private:
  void loop();
  void segment_frames();

  std::unique_ptr<segment::Segmenter> segmenter_;
  cv::Size input_size_;
  PipelineStats& stats_;
  Mailbox<Frame> jobs_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  MaskResult latest_;
  segment::MotionGateSettings gate_;
  long long segmented_ = 0;
  long long reused_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace fakecam::app
