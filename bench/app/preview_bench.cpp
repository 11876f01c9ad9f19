// SPDX-License-Identifier: GPL-3.0-or-later
// What the preview costs the camera per frame: the publisher's write() with
// no window attached (the case that must cost nothing: one atomic load) and
// with one attached (1280x720 scaled into the 640x360 ring, one signal).
//
//   build/bench/app/app_preview_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include "app/preview/preview_publisher.hpp"

namespace {

using fakecam::app::preview::PreviewPublisher;

const cv::Size kSize(1280, 720);

void BM_PreviewClosed(benchmark::State& state) {
  PreviewPublisher publisher(kSize);
  const cv::Mat frame(kSize, CV_8UC3, cv::Scalar(30, 120, 200));
  for (auto _ : state) publisher.write(frame);
}
BENCHMARK(BM_PreviewClosed);

void BM_PreviewOneWindow(benchmark::State& state) {
  PreviewPublisher publisher(kSize);
  const cv::Mat frame(kSize, CV_8UC3, cv::Scalar(30, 120, 200));
  // The window's end stays open and unread: the signal socket fills and
  // sends then fail with EAGAIN, as with a window that is behind.
  const fakecam::app::ControlReply window = publisher.attach();
  if (!window.ok) state.SkipWithError(window.text.c_str());
  for (auto _ : state) publisher.write(frame);
}
BENCHMARK(BM_PreviewOneWindow)->Unit(benchmark::kMicrosecond);

}  // namespace
