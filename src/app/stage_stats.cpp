// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/stage_stats.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace fakecam::app {

const char* stage_name(Stage stage) {
  switch (stage) {
    case Stage::capture:
      return "capture";
    case Stage::segment:
      return "segment";
    case Stage::compose:
      return "compose";
    case Stage::output:
      return "output";
    case Stage::count:
      break;
  }
  return "?";
}

void SampleWindow::add(double value) {
  samples_[next_] = value;
  next_ = (next_ + 1) % samples_.size();
  filled_ = std::min(filled_ + 1, samples_.size());
}

double SampleWindow::percentile(double p) const {
  if (filled_ == 0) return 0;
  std::vector<double> sorted(samples_.begin(), samples_.begin() + static_cast<std::ptrdiff_t>(filled_));
  const auto rank = static_cast<std::size_t>(std::lround(p / 100.0 * static_cast<double>(filled_ - 1)));
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank), sorted.end());
  return sorted[rank];
}

void PipelineStats::add_stage(Stage stage, double ms) {
  std::lock_guard lock(mutex_);
  stages_[static_cast<std::size_t>(stage)].add(ms);
}

void PipelineStats::add_latency(double ms) {
  std::lock_guard lock(mutex_);
  latency_.add(ms);
}

void PipelineStats::frame_written(double now_s) {
  std::lock_guard lock(mutex_);
  ++written_;
  write_times_.push_back(now_s);
  const auto old = std::find_if(write_times_.begin(), write_times_.end(), [&](double t) { return t >= now_s - 2.0; });
  write_times_.erase(write_times_.begin(), old);
}

void PipelineStats::frame_dropped() {
  std::lock_guard lock(mutex_);
  ++dropped_;
}

void PipelineStats::frame_skipped() {
  std::lock_guard lock(mutex_);
  ++skipped_;
}

void PipelineStats::set_readers(int readers) {
  std::lock_guard lock(mutex_);
  readers_ = readers;
}

void PipelineStats::set_webcam_open(bool open) {
  std::lock_guard lock(mutex_);
  webcam_open_ = open;
}

void PipelineStats::set_idle(bool idle) {
  std::lock_guard lock(mutex_);
  idle_ = idle;
}

void PipelineStats::set_input_state(std::string state) {
  std::lock_guard lock(mutex_);
  input_state_ = std::move(state);
}

StatsSnapshot PipelineStats::snapshot(double now_s) const {
  std::lock_guard lock(mutex_);
  StatsSnapshot s;
  for (std::size_t i = 0; i < stages_.size(); ++i) s.stage_ms[i] = stages_[i].percentile(50);
  const auto recent =
      std::count_if(write_times_.begin(), write_times_.end(), [&](double t) { return t >= now_s - 1.0; });
  s.output_fps = static_cast<double>(recent);
  s.latency_median_ms = latency_.percentile(50);
  s.latency_p95_ms = latency_.percentile(95);
  s.readers = readers_;
  s.frames_written = written_;
  s.frames_dropped = dropped_;
  s.frames_skipped = skipped_;
  s.webcam_open = webcam_open_;
  s.idle = idle_;
  s.input_state = input_state_;
  return s;
}

std::vector<std::string> status_fields(const StatsSnapshot& s) {
  std::vector<std::string> fields{fmt::format("{:4.1f} fps", s.output_fps)};
  if (!s.input_state.empty()) fields.push_back("input " + s.input_state);
  if (s.idle) fields.push_back("idle (no reader)");
  if (s.readers >= 0) fields.push_back(fmt::format("readers {}", s.readers));
  if (s.idle) return fields;
  fields.push_back(fmt::format("latency {:.0f}/{:.0f} ms (median/p95)", s.latency_median_ms, s.latency_p95_ms));
  for (std::size_t i = 0; i < s.stage_ms.size(); ++i) {
    std::string field = fmt::format("{} {:.1f} ms", stage_name(static_cast<Stage>(i)), s.stage_ms[i]);
    if (static_cast<Stage>(i) == Stage::segment && s.mask_reuse > 0)
      field += fmt::format(" ({:.0f}% reused)", s.mask_reuse * 100);
    fields.push_back(field);
  }
  return fields;
}

}  // namespace fakecam::app

namespace fakecam::app {

std::string format_status_report(const StatsSnapshot& s) {
  std::string out;
  out += fmt::format("state: {}\n", s.idle ? "idle (no reader, or paused)" : "processing");
  out += fmt::format("output fps: {:.1f}\n", s.output_fps);
  for (std::size_t i = 0; i < s.stage_ms.size(); ++i) {
    out += fmt::format("{} ms: {:.2f}\n", stage_name(static_cast<Stage>(i)), s.stage_ms[i]);
  }
  out += fmt::format("mask reused: {:.0f}%\n", s.mask_reuse * 100);
  out +=
      fmt::format("latency ms (capture to output): median {:.1f}, p95 {:.1f}\n", s.latency_median_ms, s.latency_p95_ms);
  out += fmt::format("readers: {}\n", s.readers < 0 ? std::string("n/a") : std::to_string(s.readers));
  out += fmt::format("input: {}\n", s.input_state.empty() ? (s.webcam_open ? "open" : "closed") : s.input_state);
  out += fmt::format("frames written: {}, dropped: {}, skipped (--max-fps): {}", s.frames_written, s.frames_dropped,
                     s.frames_skipped);
  return out;
}

}  // namespace fakecam::app
