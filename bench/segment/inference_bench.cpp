// SPDX-License-Identifier: GPL-3.0-or-later
// Speed of the segmentation engine: one inference of each model at 1 and 2
// threads, and the preprocessing of a 1280x720 webcam frame. Each benchmark
// repeats; read the *_median rows (wall-clock time, the machine may be shared).
//
//   build/bench/segment/segment_inference_bench [--benchmark_filter=...]

#include <benchmark/benchmark.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "segment/segmenter.hpp"
#include "support/bench_counts.hpp"

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

void BM_Inference(benchmark::State& state, const char* model) {
  const int threads = static_cast<int>(state.range(0));
  auto segmenter = Segmenter::open(model, threads);
  segmenter.preprocess(frame(segmenter.input_size()), PixelOrder::bgr);
  for (auto _ : state) {
    segmenter.infer();
    benchmark::DoNotOptimize(segmenter.mask().data);
  }
  state.counters["threads"] = threads;
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

constexpr int kRepetitions = 15;

BENCHMARK_CAPTURE(BM_Inference, landscape, "landscape")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(fakecam::bench::min_time(0.2))
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);
BENCHMARK_CAPTURE(BM_Inference, general, "general")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(fakecam::bench::min_time(0.2))
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);
BENCHMARK_CAPTURE(BM_Preprocess720p, landscape, "landscape")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(fakecam::bench::min_time(0.2))
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);
BENCHMARK_CAPTURE(BM_Preprocess720p, general, "general")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(fakecam::bench::min_time(0.2))
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);
BENCHMARK_CAPTURE(BM_Segment720p, landscape, "landscape")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(fakecam::bench::min_time(0.2))
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);

}  // namespace
