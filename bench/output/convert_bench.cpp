// SPDX-License-Identifier: GPL-3.0-or-later
// Output layer costs per frame: BGR -> YUYV / I420 / NV12 (into a buffer, as
// into a driver's mmap'ed buffer) at 720p and 1080p, the same from a YuvImage
// (write_yuv's path, issue 12), and a whole y4m frame (conversion + write) to
// /dev/null from either. Quote medians:
//   output_convert_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <vector>

#include <opencv2/core.hpp>

#include "common/pixel_format.hpp"
#include "output/bgr_converter.hpp"
#include "output/frame_sink.hpp"
#include "output/yuv_converter.hpp"

namespace {

using fakecam::PixelFormat;

cv::Mat test_frame(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(256));
  return img;
}

void BM_Convert(benchmark::State& state) {
  const auto format = static_cast<PixelFormat>(state.range(0));
  const int w = static_cast<int>(state.range(1)), h = static_cast<int>(state.range(2));
  const cv::Mat bgr = test_frame(w, h);
  const auto layout = fakecam::output::frame_layout(format, w, h);
  fakecam::output::BgrConverter converter(layout);
  std::vector<std::uint8_t> dst(layout.size);
  for (auto _ : state) {
    converter.convert(bgr, dst.data());
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  state.SetLabel(std::string(fakecam::pixel_format_name(format)));
  state.SetItemsProcessed(state.iterations());
}

void BM_ConvertYuv(benchmark::State& state) {
  const auto format = static_cast<PixelFormat>(state.range(0));
  const int w = static_cast<int>(state.range(1)), h = static_cast<int>(state.range(2));
  fakecam::YuvImage frame;
  fakecam::bgr_to_yuv(test_frame(w, h), frame);
  const auto layout = fakecam::output::frame_layout(format, w, h);
  std::vector<std::uint8_t> dst(layout.size);
  for (auto _ : state) {
    fakecam::output::yuv_to_layout(frame, layout, dst.data());
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  state.SetLabel(std::string(fakecam::pixel_format_name(format)));
  state.SetItemsProcessed(state.iterations());
}

void BM_Y4mYuvToDevNull(benchmark::State& state) {
  const int w = static_cast<int>(state.range(0)), h = static_cast<int>(state.range(1));
  fakecam::YuvImage frame;
  fakecam::bgr_to_yuv(test_frame(w, h), frame);
  auto sink = fakecam::output::open_y4m("/dev/null", w, h, 30);
  for (auto _ : state) sink->write_yuv(frame);
  state.SetItemsProcessed(state.iterations());
}

void BM_Y4mToDevNull(benchmark::State& state) {
  const int w = static_cast<int>(state.range(0)), h = static_cast<int>(state.range(1));
  const cv::Mat bgr = test_frame(w, h);
  auto sink = fakecam::output::open_y4m("/dev/null", w, h, 30);
  for (auto _ : state) sink->write(bgr);
  state.SetItemsProcessed(state.iterations());
}

// The formats fakecam writes to a virtual camera, by name: PixelFormat's
// numbering is not this benchmark's to assume.
void sizes(benchmark::internal::Benchmark* b) {
  for (const PixelFormat f : {PixelFormat::yuyv, PixelFormat::i420, PixelFormat::nv12}) {
    b->Args({static_cast<int>(f), 1280, 720});
    b->Args({static_cast<int>(f), 1920, 1080});
  }
}

}  // namespace

BENCHMARK(BM_Convert)->Apply(sizes)->ArgNames({"format", "w", "h"})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ConvertYuv)->Apply(sizes)->ArgNames({"format", "w", "h"})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Y4mYuvToDevNull)
    ->Args({1280, 720})
    ->Args({1920, 1080})
    ->ArgNames({"w", "h"})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Y4mToDevNull)->Args({1280, 720})->Args({1920, 1080})->ArgNames({"w", "h"})->Unit(benchmark::kMicrosecond);
