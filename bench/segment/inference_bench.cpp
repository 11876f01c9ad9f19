// SPDX-License-Identifier: GPL-3.0-or-later
// Speed of the segmentation engine: one inference of each model at 1 and 2
// threads, each alone and beside a CPU burner thread (burner:1, the other
// core busy as on a user's machine in a video call), and the preprocessing of
// a 1280x720 webcam frame. Each benchmark repeats; read the *_median rows
// (wall-clock time, the machine may be shared). Inference rows also give the
// model's multiply-adds per second (GMAC/s) and that as a percentage of this
// core's fp32 FMA peak, measured in the same process (BM_FmaPeak, peak%).
// GMAC/s counts the model's multiply-adds as the file defines them; the
// load-time rewrites (segment/load_time_rewrites.hpp) do fewer, so the rate
// is what the file's model would need to run this fast. What the rewrites
// save: segment_op_profile's first line; the share of the file's
// multiply-adds they leave: "MACs run%".
//
//   build/bench/segment/segment_inference_bench [--benchmark_filter=...]

#include <benchmark/benchmark.h>

#include <chrono>
#include <optional>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/yuv_image.hpp"

#include "fma_peak.hpp"
#include "model_macs.hpp"
#include "segment/load_time_rewrites.hpp"
#include "segment/model_catalog.hpp"
#include "segment/segmenter.hpp"
#include "segment/tflite/model_loader.hpp"
#include "segment/yuv_model_input.hpp"
#include "support/bench_counts.hpp"
#include "support/cpu_burner.hpp"

namespace {

using fakecam::segment::PixelOrder;
using fakecam::segment::Segmenter;

// A real picture (a person), so the work is the same as with a webcam.
cv::Mat frame(cv::Size size) {
  cv::Mat image = cv::imread(FAKECAM_BENCH_IMAGE, cv::IMREAD_COLOR);
  if (image.empty()) throw std::runtime_error("cannot read " FAKECAM_BENCH_IMAGE);
  cv::resize(image, image, size, 0, 0, cv::INTER_LINEAR);
  return image;
}

// Args: threads, burner (1: a thread keeps a core busy meanwhile). The graph
// goes to Segmenter directly, so threads:2 is XNNPACK's pool as a .tflite file
// with --threads 2 gets it (the bundled models always run on 1 thread in
// fakecam: these rows are why, see segment::inference_threads).
void BM_Inference(benchmark::State& state, const char* model) {
  using Clock = std::chrono::steady_clock;
  const int threads = static_cast<int>(state.range(0));
  const bool burn = state.range(1) != 0;
  auto graph = fakecam::segment::tflite::load_model_file(fakecam::segment::resolve_model(model));
  const double macs = static_cast<double>(fakecam::bench::model_macs(graph));
  fakecam::segment::Graph rewritten = graph;
  fakecam::segment::apply_load_time_rewrites(rewritten);
  const double macs_run = static_cast<double>(fakecam::bench::model_macs(rewritten));
  const double peak = fakecam::bench::fma_peak().gmacs_per_s;  // before the burner starts
  Segmenter segmenter(std::move(graph), threads);
  segmenter.preprocess(frame(segmenter.input_size()), PixelOrder::bgr);
  std::optional<fakecam::bench::CpuBurner> burner;
  if (burn) burner.emplace();
  const auto start = Clock::now();
  for (auto _ : state) {
    segmenter.infer();
    benchmark::DoNotOptimize(segmenter.mask().data);
  }
  const std::chrono::duration<double> wall = Clock::now() - start;
  burner.reset();
  const double gmacs = macs * static_cast<double>(state.iterations()) / wall.count() / 1e9;
  state.counters["threads"] = threads;
  state.counters["burner"] = burn ? 1 : 0;
  state.counters["GMAC/s"] = gmacs;
  state.counters["peak%"] = 100.0 * gmacs / peak;
  state.counters["MACs run%"] = 100.0 * macs_run / macs;
}

// The same, one thread, on XNNPACK alone (no kernel of ours, one subgraph):
// the before of issue 12's kernels, in the same run.
void BM_InferenceXnnpackOnly(benchmark::State& state, const char* model) {
  using Clock = std::chrono::steady_clock;
  auto graph = fakecam::segment::tflite::load_model_file(fakecam::segment::resolve_model(model));
  const double macs = static_cast<double>(fakecam::bench::model_macs(graph));
  const double peak = fakecam::bench::fma_peak().gmacs_per_s;
  Segmenter segmenter(std::move(graph), 1,
                      {.own_depthwise = false,
                       .own_head = false,
                       .own_gate_add = false,
                       .own_mean_of_sum = false,
                       .own_upsample = false,
                       .own_input_conv = false,
                       .all_external = false});
  segmenter.preprocess(frame(segmenter.input_size()), PixelOrder::bgr);
  const auto start = Clock::now();
  for (auto _ : state) {
    segmenter.infer();
    benchmark::DoNotOptimize(segmenter.mask().data);
  }
  const std::chrono::duration<double> wall = Clock::now() - start;
  const double gmacs = macs * static_cast<double>(state.iterations()) / wall.count() / 1e9;
  state.counters["GMAC/s"] = gmacs;
  state.counters["peak%"] = 100.0 * gmacs / peak;
}

// The FMA peak the peak% columns divide by (one thread, widest ISA).
void BM_FmaPeak(benchmark::State& state) {
  fakecam::bench::FmaPeak peak{};
  for (auto _ : state) peak = fakecam::bench::measure_fma_peak();
  state.counters["GMAC/s"] = peak.gmacs_per_s;
  state.SetLabel(peak.isa);
}

// 1280x720 BGR (a 720p webcam frame) to the model input: resize, BGR -> RGB,
// to float.
void BM_Preprocess720p(benchmark::State& state, const char* model) {
  auto segmenter = Segmenter::open(model, 1);
  const cv::Mat input = frame(cv::Size(1280, 720));
  for (auto _ : state) {
    segmenter.preprocess(input, PixelOrder::bgr);
    benchmark::ClobberMemory();
  }
}

// What a pipeline pays per 720p frame: preprocess, infer, upsample the mask.
void BM_Segment720p(benchmark::State& state, const char* model) {
  auto segmenter = Segmenter::open(model, 1);
  const cv::Mat input = frame(cv::Size(1280, 720));
  cv::Mat mask;
  for (auto _ : state) {
    segmenter.segment(input, PixelOrder::bgr);
    segmenter.upsample_mask(input.size(), mask);
    benchmark::DoNotOptimize(mask.data);
  }
}

// A 720p or 1080p I420 frame to the model's 256x144 BGR input
// (YuvModelInput, the YUV pipeline's preprocessing before the float step).
void BM_YuvModelInput(benchmark::State& state) {
  const cv::Size size = state.range(0) == 1080 ? cv::Size(1920, 1080) : cv::Size(1280, 720);
  fakecam::YuvImage yuv;
  fakecam::bgr_to_yuv(frame(size), yuv);
  fakecam::segment::YuvModelInput input;
  cv::Mat out;
  for (auto _ : state) {
    input.make(yuv, {256, 144}, out);
    benchmark::DoNotOptimize(out.data);
  }
}
BENCHMARK(BM_YuvModelInput)->Arg(720)->Arg(1080)->Unit(benchmark::kMicrosecond);

constexpr int kRepetitions = 15;

BENCHMARK(BM_FmaPeak)->Iterations(fakecam::bench::iterations(3))->Unit(benchmark::kMillisecond)->UseRealTime();

// Every case: wall milliseconds, medians of kRepetitions rounds.
void medians_in_ms(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->MinTime(fakecam::bench::min_time(0.2))
      ->Repetitions(fakecam::bench::repetitions(kRepetitions))
      ->ReportAggregatesOnly(true);
}

BENCHMARK_CAPTURE(BM_Inference, landscape, "landscape")
    ->ArgNames({"threads", "burner"})
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->Apply(medians_in_ms);
BENCHMARK_CAPTURE(BM_Inference, general, "general")
    ->ArgNames({"threads", "burner"})
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->Apply(medians_in_ms);
BENCHMARK_CAPTURE(BM_InferenceXnnpackOnly, landscape, "landscape")->Apply(medians_in_ms);
BENCHMARK_CAPTURE(BM_InferenceXnnpackOnly, general, "general")->Apply(medians_in_ms);
BENCHMARK_CAPTURE(BM_Preprocess720p, landscape, "landscape")->Apply(medians_in_ms);
BENCHMARK_CAPTURE(BM_Preprocess720p, general, "general")->Apply(medians_in_ms);
BENCHMARK_CAPTURE(BM_Segment720p, landscape, "landscape")->Apply(medians_in_ms);

}  // namespace
