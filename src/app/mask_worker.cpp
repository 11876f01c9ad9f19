// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/mask_worker.hpp"

#include "common/log.hpp"
#include "common/thread_name.hpp"

namespace fakecam::app {

MaskWorker::MaskWorker(std::unique_ptr<segment::Segmenter> segmenter, segment::MotionGateSettings gate,
                       PipelineStats& stats)
    : segmenter_(std::move(segmenter)),
      input_size_(segmenter_ ? segmenter_->input_size() : cv::Size()),
      stats_(stats),
      gate_(gate) {
  thread_ = std::thread([this] { loop(); });
}

MaskWorker::~MaskWorker() {
  stop();
  thread_.join();
}

void MaskWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  jobs_.close();
  ready_.notify_all();
}

void MaskWorker::submit(const Frame& frame) { jobs_.put(frame); }

void MaskWorker::set_gate(segment::MotionGateSettings gate) {
  std::lock_guard lock(mutex_);
  gate_ = gate;
}

MaskResult MaskWorker::mask_for(std::uint64_t sequence, Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  ready_.wait_until(lock, deadline, [&] { return stopping_ || error_ || latest_.sequence >= sequence; });
  if (error_) std::rethrow_exception(error_);
  return latest_;
}

double MaskWorker::reuse_ratio() const {
  std::lock_guard lock(mutex_);
  const long long all = segmented_ + reused_;
  return all == 0 ? 0.0 : static_cast<double>(reused_) / static_cast<double>(all);
}

void MaskWorker::loop() {
  name_this_thread("mask");
  try {
    segment_frames();
  } catch (...) {
    {
      std::lock_guard lock(mutex_);
      error_ = std::current_exception();
    }
    ready_.notify_all();
  }
}

void MaskWorker::segment_frames() {
  segment::MotionGate motion;
  cv::Mat last_mask;
  while (true) {
    std::optional<Frame> job = jobs_.take_until(Clock::now() + std::chrono::milliseconds(200));
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      motion.set_settings(gate_);
    }
    if (!job) continue;
    const auto t0 = Clock::now();
    segmenter_->preprocess(job->image, segment::PixelOrder::bgr);
    const cv::Mat& input = segmenter_->input();
    const bool reuse = motion.can_reuse(input, t0);
    if (!reuse) {
      segmenter_->infer();
      last_mask = segmenter_->mask().clone();  // the consumer keeps it while the next inference runs
      const auto done = Clock::now();
      motion.inferred(input, done);
      stats_.add_stage(Stage::segment, std::chrono::duration<double, std::milli>(done - t0).count());
    }
    {
      std::lock_guard lock(mutex_);
      latest_ = MaskResult{last_mask, job->sequence};
      ++(reuse ? reused_ : segmented_);
    }
    ready_.notify_all();
  }
}

}  // namespace fakecam::app
