// SPDX-License-Identifier: GPL-3.0-or-later
// What the PipeWire camera costs fakecam per frame, next to the y4m output.
//
// BM_Y4mToDevNull: output::open_y4m("/dev/null") — BGR -> I420 + write().
// BM_PipeWireWrite/<format>: PipeWireSink::write() of a 720p frame while a
//   real consumer (gst-launch pipewiresrc ! <format> ! fakesink, another
//   process) streams from a private pipewire + wireplumber started here: the
//   conversion straight into the shared memfd buffer, the queue and the
//   graph trigger. Only writes that sent a frame are timed (a write that
//   found every buffer held by the consumer returns at once and would flatter
//   the number); the consumer gets the time it needs between writes.
// BM_PipeWireIdle: write() with no consumer (on demand: nothing to do).
//
// Quote medians:
//   pipewire_output_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <memory>
#include <thread>

#include <opencv2/core.hpp>

#include "output/frame_sink.hpp"
#include "output/pipewire/pipewire_sink.hpp"
#include "output/pipewire/private_pipewire.hpp"
#include "support/bench_counts.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using fakecam::PixelFormat;

constexpr int kWidth = 1280;
constexpr int kHeight = 720;

cv::Mat test_frame() {
  cv::Mat img(kHeight, kWidth, CV_8UC3);
  cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(256));
  return img;
}

// One private PipeWire session and one sink for the whole run.
struct Session {
  fakecam::test::PrivatePipeWire pipewire{"bench"};
  std::unique_ptr<fakecam::output::PipeWireSink> sink = [] {
    fakecam::output::PipeWireOptions o;
    o.width = kWidth;
    o.height = kHeight;
    o.fps = 30;
    o.name = "fakecam-bench";
    return fakecam::output::open_pipewire(o);
  }();
};

Session& session() {
  static Session s;
  return s;
}

// gst-launch reading the node into fakesink until killed.
class Consumer {
 public:
  explicit Consumer(const std::string& format) {
    std::vector<std::string> argv = {
        "/usr/bin/gst-launch-1.0",      "-q", "pipewiresrc", "target-object=fakecam-bench", "!",
        "video/x-raw,format=" + format, "!",  "fakesink"};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    if (::posix_spawn(&pid_, args[0], nullptr, nullptr, args.data(), environ) != 0) pid_ = -1;
  }
  ~Consumer() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  bool started() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

void BM_Y4mToDevNull(benchmark::State& state) {
  const cv::Mat bgr = test_frame();
  auto sink = fakecam::output::open_y4m("/dev/null", kWidth, kHeight, 30);
  for (auto _ : state) sink->write(bgr);
  state.SetItemsProcessed(state.iterations());
}

void BM_PipeWireWrite(benchmark::State& state) {
  const auto format = static_cast<PixelFormat>(state.range(0));
  const std::string name(fakecam::output::pipewire::video_format_name(format));
  auto& sink = *session().sink;
  const cv::Mat bgr = test_frame();
  Consumer consumer(name);
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (sink.negotiated_format() != format || sink.readers() == 0) {
    if (!consumer.started() || std::chrono::steady_clock::now() > deadline) {
      state.SkipWithError(("no consumer streams " + name).c_str());
      return;
    }
    std::this_thread::sleep_for(10ms);
  }
  std::uint64_t untimed_retries = 0;
  for (auto _ : state) {
    for (;;) {
      const auto sent = sink.frames_sent();
      const auto t0 = std::chrono::steady_clock::now();
      sink.write(bgr);
      const auto t1 = std::chrono::steady_clock::now();
      if (sink.frames_sent() != sent) {
        state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
        break;
      }
      ++untimed_retries;
      std::this_thread::sleep_for(1ms);  // the consumer still holds every buffer
    }
  }
  state.SetLabel(name);
  state.SetItemsProcessed(state.iterations());
  state.counters["retries"] = static_cast<double>(untimed_retries);
}

void BM_PipeWireIdle(benchmark::State& state) {
  auto& sink = *session().sink;
  const cv::Mat bgr = test_frame();
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (sink.readers() != 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  for (auto _ : state) sink.write(bgr);
  state.SetItemsProcessed(state.iterations());
}

void formats(benchmark::internal::Benchmark* b) {
  for (PixelFormat f : fakecam::output::pipewire::all_video_formats()) b->Arg(static_cast<int>(f));
}

}  // namespace

BENCHMARK(BM_Y4mToDevNull)->Iterations(fakecam::bench::iterations(300))->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PipeWireWrite)
    ->Apply(formats)
    ->ArgName("format")
    ->Iterations(fakecam::bench::iterations(300))
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PipeWireIdle)->Iterations(fakecam::bench::iterations(300))->Unit(benchmark::kMicrosecond);
