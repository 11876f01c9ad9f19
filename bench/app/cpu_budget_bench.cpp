// SPDX-License-Identifier: GPL-3.0-or-later
// What the running virtual webcam costs in CPU: the whole threaded pipeline
// (capture + MJPEG decode, segmentation thread, compose, paced output to a
// y4m stream on /dev/null) fed by a webcam stand-in that delivers 1280x720
// MJPEG frames at 30 fps, for 3 s of output per iteration.
//
// Reported per run: process CPU time (user + system, all threads; the
// benchmark's "Time" column, manual time) and cpu_pct = CPU time / wall time
// (100 = one core busy). Compare:
//   --max-fps 10 vs 0 (every frame)        issue: 10 fps must halve CPU or better
//   motion gating on vs off, still scene    a still person should cost little
// The still scene is a photo with fresh sensor-like noise in every frame (a
// real webcam never delivers two identical frames); the moving one pans it.
//
//   build/bench/app/app_cpu_budget_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/camera_pipeline.hpp"
#include "capture/mjpeg_decoder.hpp"
#include "support/bench_counts.hpp"

namespace {

using namespace fakecam;
using namespace std::chrono_literals;

const cv::Size kSize(1280, 720);
constexpr double kFps = 30;
constexpr int kFramesPerRun = 90;
constexpr int kClipFrames = 30;

enum class Scene { still, moving };

// 30 JPEGs played in a loop: the photo with independent noise (still), or
// the photo panned 6 px per frame (moving).
std::vector<std::vector<std::uint8_t>> make_clip(Scene scene) {
  cv::Mat person = cv::imread(FAKECAM_BENCH_PERSON);
  cv::Mat wide;
  cv::resize(person, wide, cv::Size(1500, 1500), 0, 0, cv::INTER_CUBIC);
  cv::RNG rng(7);
  std::vector<std::vector<std::uint8_t>> clip;
  for (int i = 0; i < kClipFrames; ++i) {
    const int shift = scene == Scene::moving ? (i < kClipFrames / 2 ? i : kClipFrames - i) * 6 : 0;
    cv::Mat frame = wide(cv::Rect(100 + shift, 200, kSize.width, kSize.height)).clone();
    cv::Mat noise(kSize, CV_16SC3);
    rng.fill(noise, cv::RNG::NORMAL, 0, 2.0);
    cv::Mat noisy;
    cv::add(frame, noise, noisy, cv::noArray(), CV_8UC3);
    std::vector<std::uint8_t> jpeg;
    cv::imencode(".jpg", noisy, jpeg, {cv::IMWRITE_JPEG_QUALITY, 85});
    clip.push_back(std::move(jpeg));
  }
  return clip;
}

// Delivers the clip at kFps like a webcam's driver: read() decodes (as
// WebcamSource does), skip() only waits.
class PacedMjpegSource : public capture::FrameSource {
 public:
  explicit PacedMjpegSource(const std::vector<std::vector<std::uint8_t>>& clip) : clip_(clip) {}
  bool read(Frame& frame, std::chrono::milliseconds timeout) override {
    if (!wait(timeout)) return false;
    if (!decoder_.decode(clip_[index_++ % clip_.size()], frame.image)) return false;
    frame.captured = Clock::now();
    return true;
  }
  bool skip(std::chrono::milliseconds timeout) override {
    if (!wait(timeout)) return false;
    ++index_;
    return true;
  }
  cv::Size size() const override { return kSize; }
  double fps() const override { return kFps; }
  std::string description() const override { return "paced MJPEG clip"; }

 private:
  bool wait(std::chrono::milliseconds timeout) {
    const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / kFps));
    if (next_ == Clock::time_point{}) next_ = Clock::now();
    if (next_ > Clock::now() + timeout) {
      std::this_thread::sleep_for(timeout);
      return false;
    }
    std::this_thread::sleep_until(next_);
    next_ += period;
    return true;
  }
  const std::vector<std::vector<std::uint8_t>>& clip_;
  capture::MjpegDecoder decoder_;
  std::size_t index_ = 0;
  Clock::time_point next_{};
};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Args: max_fps (0 = every frame), motion gating (0 off, 1 on), scene.
void BM_VirtualWebcamCpu(benchmark::State& state) {
  cv::setNumThreads(1);
  const double max_fps = static_cast<double>(state.range(0));
  const bool gating = state.range(1) != 0;
  const Scene scene = state.range(2) != 0 ? Scene::moving : Scene::still;
  const auto clip = make_clip(scene);
  double cpu_total = 0, wall_total = 0;
  for (auto _ : state) {
    app::PipelineOptions options;
    options.size = kSize;
    options.fps = kFps;
    options.max_fps = max_fps;
    options.max_frames = fakecam::bench::smoke_run() ? kFramesPerRun / 6 : kFramesPerRun;
    options.black_until_first_frame = false;
    if (!gating) options.motion_gate.threshold_levels = 0;
    app::PipelineParts parts;
    parts.open_source = [&clip] { return std::make_unique<PacedMjpegSource>(clip); };
    parts.first_source = parts.open_source();
    parts.segmenter = std::make_unique<segment::Segmenter>(segment::Segmenter::open("landscape", 1));
    compose::ComposeSettings compose;
    compose.background = compose::BackgroundKind::blur;
    parts.compositor = std::make_unique<compose::Compositor>(compose);
    parts.sinks.push_back(output::open_y4m("/dev/null", kSize.width, kSize.height, static_cast<int>(kFps)));
    app::CameraPipeline pipeline(options, std::move(parts));
    const double cpu0 = cpu_seconds();
    const auto wall0 = Clock::now();
    pipeline.run();
    const double cpu = cpu_seconds() - cpu0;
    const double wall = std::chrono::duration<double>(Clock::now() - wall0).count();
    state.SetIterationTime(cpu);
    cpu_total += cpu;
    wall_total += wall;
    state.counters["mask_reuse_pct"] = pipeline.snapshot().mask_reuse * 100;
  }
  state.counters["cpu_pct"] = wall_total > 0 ? 100 * cpu_total / wall_total : 0;
  state.SetLabel(std::string(scene == Scene::still ? "still" : "moving") + (gating ? ", gating on" : ", gating off") +
                 (max_fps > 0 ? ", max-fps " + std::to_string(static_cast<int>(max_fps)) : ", every frame"));
}

BENCHMARK(BM_VirtualWebcamCpu)
    ->ArgNames({"max_fps", "gating", "moving"})
    ->Args({0, 0, 0})
    ->Args({0, 1, 0})
    ->Args({0, 0, 1})
    ->Args({0, 1, 1})
    ->Args({10, 0, 1})
    ->Args({10, 1, 1})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
