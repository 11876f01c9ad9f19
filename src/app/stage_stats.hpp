// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Per-stage timings and latency, shared by the pipeline threads and read by
// the status line (and `fakecam ctl status`). Windows of recent samples give
// medians and p95 without unbounded memory.

#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace fakecam::app {

enum class Stage : std::size_t { capture, segment, compose, output, count };
const char* stage_name(Stage stage);

class SampleWindow {
 public:
  SampleWindow() : SampleWindow(256) {}
  explicit SampleWindow(std::size_t capacity) : samples_(capacity) {}
  void add(double value);
  std::size_t size() const { return filled_; }
  // Percentile (0..100) of the samples in the window; 0 when empty.
  double percentile(double p) const;

 private:
  std::vector<double> samples_;
  std::size_t next_ = 0;
  std::size_t filled_ = 0;
};

struct StatsSnapshot {
  std::array<double, static_cast<std::size_t>(Stage::count)> stage_ms{};  // medians
  double output_fps = 0;                                                  // frames written per second, last window
  double latency_median_ms = 0;
  double latency_p95_ms = 0;
  int readers = -1;  // -1: not known (e.g. y4m output)
  long long frames_written = 0;
  long long frames_dropped = 0;
  long long frames_skipped = 0;  // consumed undecoded because of --max-fps
  bool webcam_open = false;
  bool idle = false;        // no reader: not processing
  std::string input_state;  // "", "lost", ...
  double mask_reuse = 0;    // fraction of frames whose mask was reused (motion gating)
};

class PipelineStats {
 public:
  void add_stage(Stage stage, double ms);
  void add_latency(double ms);
  void frame_written(double now_s);
  void frame_dropped();
  void frame_skipped();
  void set_readers(int readers);
  void set_webcam_open(bool open);
  void set_idle(bool idle);
  void set_input_state(std::string state);
  StatsSnapshot snapshot(double now_s) const;

 private:
  mutable std::mutex mutex_;
  std::array<SampleWindow, static_cast<std::size_t>(Stage::count)> stages_{};
  SampleWindow latency_ = SampleWindow(512);
  std::vector<double> write_times_;  // seconds, last ~2 s
  long long written_ = 0;
  long long dropped_ = 0;
  long long skipped_ = 0;
  int readers_ = -1;
  bool webcam_open_ = false;
  bool idle_ = false;
  std::string input_state_;
};

// The status line's fields, the most useful first ("29.9 fps", "readers 1",
// "latency 40/52 ms (median/p95)", "capture 3.1 ms", ...): a narrow terminal
// shows the first ones (fit_status_line in status_line.hpp).
std::vector<std::string> status_fields(const StatsSnapshot& s);

// The same as "key: value" lines, for `fakecam ctl status`.
std::string format_status_report(const StatsSnapshot& s);

}  // namespace fakecam::app
