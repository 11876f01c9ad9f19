// SPDX-License-Identifier: GPL-3.0-or-later
// Per-frame cost of auto-framing at a 720p output: finding the person in the
// model's mask and moving the crop (update), and cropping the frame and the
// mask to the output size (crop), for the capture sizes framing meets:
// 1080p (framing's own capture for 720p) zoomed 1.5x and 2x, 720p zoomed
// 1.5x (a webcam with nothing larger), and the full view of a 1080p capture.
// The crop's resize alone, kernels::resize_bilinear_bgr against cv::resize
// INTER_LINEAR on the same crops (ResizeCrop). One thread
// (cv::setNumThreads(1)); medians of 9 repetitions, CPU time.
// Run: build/bench/compose/framing_bench

#include <benchmark/benchmark.h>

#include <opencv2/imgproc.hpp>

#include "compose/framing/framer.hpp"
#include "compose/kernels/resize_bgr.hpp"
#include "framing_scene.hpp"
#include "support/bench_counts.hpp"

namespace {

using fakecam::compose::framing::Framer;

constexpr int kRepetitions = 9;
const cv::Size kOutput(1280, 720);

// The person found and the crop moved, on a mask that flickers a little.
void BM_FramingUpdate(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Mat mask = fakecam::bench::head_and_shoulders_mask();
  const cv::Mat shifted = mask(cv::Rect(1, 0, 255, 144)).clone();
  cv::Mat flicker;
  cv::copyMakeBorder(shifted, flicker, 0, 0, 0, 1, cv::BORDER_REPLICATE);
  Framer framer({true, 2.0});
  double t = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(framer.update(state.iterations() % 2 == 0 ? mask : flicker, {1920, 1080}, t));
    t += 1 / 30.0;
  }
}

// Crop of frame and mask from a capture of (width, height) at zoom/100.
void BM_FramingCrop(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size capture(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  const double zoom = static_cast<double>(state.range(2)) / 100;
  const cv::Mat frame = fakecam::bench::textured_frame(capture);
  const cv::Mat mask = fakecam::bench::head_and_shoulders_mask();
  const cv::Size size(static_cast<int>(capture.width / zoom), static_cast<int>(capture.height / zoom));
  const cv::Rect crop((capture.width - size.width) / 2, (capture.height - size.height) / 3, size.width, size.height);
  cv::Mat out, out_mask;
  for (auto _ : state) {
    Framer::crop(frame, mask, crop, kOutput, out, out_mask);
    benchmark::DoNotOptimize(out.data);
  }
}

void crops(benchmark::internal::Benchmark* b) {
  b->ArgNames({"w", "h", "zoom%"});
  b->Args({1920, 1080, 150})->Args({1920, 1080, 200})->Args({1280, 720, 150})->Args({1920, 1080, 100});
  b->Unit(benchmark::kMillisecond)->Repetitions(fakecam::bench::repetitions(kRepetitions))->ReportAggregatesOnly(true);
}

// A (width, height) crop of a 1080p frame (a view, as framing takes it)
// scaled to 720p: impl 0 resize_bilinear_bgr, 1 cv::resize INTER_LINEAR,
// 2 resize_bilinear_bgr's baseline build.
void BM_ResizeCrop(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Mat frame = fakecam::bench::textured_frame({1920, 1080});
  const cv::Size size(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  const cv::Mat crop = frame(cv::Rect((1920 - size.width) / 2, (1080 - size.height) / 3, size.width, size.height));
  const auto impl = state.range(2);
  using fakecam::compose::kernels::ResizeIsa;
  cv::Mat out;
  for (auto _ : state) {
    if (impl == 1) {
      cv::resize(crop, out, kOutput, 0, 0, cv::INTER_LINEAR);
    } else {
      fakecam::compose::kernels::resize_bilinear_bgr(crop, out, kOutput,
                                                     impl == 0 ? ResizeIsa::best : ResizeIsa::baseline);
    }
    benchmark::DoNotOptimize(out.data);
  }
  if (impl == 0) state.SetLabel(fakecam::compose::kernels::resize_has_avx2() ? "avx2" : "baseline (no avx2)");
}

void resize_crops(benchmark::internal::Benchmark* b) {
  b->ArgNames({"w", "h", "impl"});
  for (const auto& [w, h] : {std::pair{640, 360}, {960, 540}, {643, 361}, {1600, 900}}) {
    for (const int impl : {0, 1, 2}) b->Args({w, h, impl});
  }
  b->Unit(benchmark::kMillisecond)->Repetitions(fakecam::bench::repetitions(kRepetitions))->ReportAggregatesOnly(true);
}

}  // namespace

BENCHMARK(BM_FramingUpdate)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_FramingCrop)->Apply(crops);
BENCHMARK(BM_ResizeCrop)->Apply(resize_crops);
BENCHMARK_MAIN();
