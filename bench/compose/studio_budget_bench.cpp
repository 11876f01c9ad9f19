// SPDX-License-Identifier: GPL-3.0-or-later
// The budget of issue 13: auto-framing and portrait light together add at
// most 0.5 ms to a 720p frame. Measured as the pipeline's compose stage
// does it (camera_pipeline.cpp: framing's update and crop, then the
// compositor with the light riding on its blend), on both of its paths:
//
//   YUV  what the pipeline runs for a webcam (I420 in place, issue 12; with
//        light and framing since issue 13): the crop by libyuv, the light
//        on the per-plane blend
//   BGR  the path a frame takes when an effect needs BGR (and, before issue
//        13, with light or framing): the same scene in BGR
//
// What "adds" means: the same scene composed to the same 720p output, with
// and without the effect, in the same run and on the same path (the machine
// is shared and noisy, so the ratio to the plain composite is what compares
// across runs):
//
//   plain          a 720p frame composed (background blur, default mask pipeline)
//   light          the same with --light 50
//   framing Z/H    framing's update (the person found in the model's mask,
//                  the crop moved) and the crop of an H-line capture at zoom
//                  Z scaled to 720p, then plain. From 1080p at 1.5x the crop
//                  is 1280x720 (a view on both paths: on YUV the compositor
//                  reads it in the capture and writes a new image, as the
//                  pipeline does; framing's own capture for 720p); from 720p
//                  at 2x (a webcam with nothing larger) it is a 640x360 crop
//                  upscaled 2x.
//   framing + light  both
//
// The YUV path composes in place: without framing, each iteration first
// restores the frame with the timer paused (the pipeline composes each
// captured frame once). One thread; medians of 9 repetitions of CPU time.
// After the table Google Benchmark prints, a summary per path: each case's
// median, what it adds over plain and that as a fraction of plain.
// Run: build/bench/compose/studio_budget_bench

#include <array>
#include <cstdio>
#include <string>

#include <benchmark/benchmark.h>

#include <opencv2/imgproc.hpp>

#include "common/yuv_image.hpp"
#include "compose/compositor.hpp"
#include "compose/framing/framer.hpp"
#include "framing_scene.hpp"
#include "support/bench_counts.hpp"
#include "support/median_keeper.hpp"

namespace {

using fakecam::YuvImage;
using fakecam::YuvView;
using fakecam::compose::BackgroundKind;
using fakecam::compose::ComposeSettings;
using fakecam::compose::Compositor;
using fakecam::compose::framing::Framer;

constexpr int kRepetitions = 9;
const cv::Size kOutput(1280, 720);

enum Path { kBgr = 0, kYuv = 1 };

// range(0): light strength (0: off); range(1): framing zoom in % (0: off);
// range(2): the capture's height (16:9); range(3): the Path.
void BM_Studio(benchmark::State& state) {
  cv::setNumThreads(1);
  const int light = static_cast<int>(state.range(0));
  const double zoom = static_cast<double>(state.range(1)) / 100;
  const cv::Size capture(static_cast<int>(state.range(2)) * 16 / 9, static_cast<int>(state.range(2)));
  const bool yuv = state.range(3) == kYuv;
  ComposeSettings settings;
  settings.background = BackgroundKind::blur;
  settings.light = light;
  Compositor compositor(settings);
  const cv::Mat mask = fakecam::bench::head_and_shoulders_mask();
  const cv::Mat frame = fakecam::bench::textured_frame(zoom > 0 ? capture : kOutput);
  Framer framer({true, 2.0});
  // The crop framing settles on is the follower's; a fixed one of the
  // stated zoom keeps the resize's cost the same on every iteration.
  const cv::Size crop_size(static_cast<int>(capture.width / std::max(zoom, 1.0)),
                           static_cast<int>(capture.height / std::max(zoom, 1.0)));
  const cv::Rect crop((capture.width - crop_size.width) / 2, (capture.height - crop_size.height) / 3, crop_size.width,
                      crop_size.height);
  cv::Mat out, image, cropped_mask;
  YuvImage frame_yuv, image_yuv, scaled_yuv;
  double t = 0;
  if (yuv) {
    bgr_to_yuv(frame, frame_yuv);
    if (zoom > 0) {
      compositor.compose(Framer::crop(frame_yuv, mask, crop, kOutput, scaled_yuv, cropped_mask), cropped_mask,
                         image_yuv);  // first frame: allocations
    } else {
      frame_yuv.copy_to(image_yuv);
      compositor.compose(image_yuv, mask);
    }
  } else {
    compositor.compose(zoom > 0 ? frame(crop) : frame, mask, out);
  }
  for (auto _ : state) {
    if (yuv && zoom > 0) {
      benchmark::DoNotOptimize(framer.update(mask, capture, t));
      const YuvView view = Framer::crop(frame_yuv, mask, crop, kOutput, scaled_yuv, cropped_mask);
      compositor.compose(view, cropped_mask, image_yuv);
      t += 1 / 30.0;
    } else if (yuv) {
      state.PauseTiming();
      frame_yuv.copy_to(image_yuv);
      state.ResumeTiming();
      compositor.compose(image_yuv, mask);
    } else if (zoom > 0) {
      benchmark::DoNotOptimize(framer.update(mask, capture, t));
      Framer::crop(frame, mask, crop, kOutput, image, cropped_mask);
      compositor.compose(image, cropped_mask, out);
      t += 1 / 30.0;
    } else {
      compositor.compose(frame, mask, out);
    }
    benchmark::DoNotOptimize(out.data);
    benchmark::DoNotOptimize(image_yuv.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}

void studio_cases(benchmark::internal::Benchmark* b) {
  for (const int path : {kYuv, kBgr}) {
    for (const auto& [light, zoom, height] : {std::array<int, 3>{0, 0, 720},
                                              {50, 0, 720},
                                              {100, 0, 720},
                                              {0, 150, 1080},
                                              {50, 150, 1080},
                                              {0, 200, 720},
                                              {50, 200, 720}}) {
      b->Args({light, zoom, height, path});
    }
  }
}

BENCHMARK(BM_Studio)
    ->ArgNames({"light", "framing%", "capture", "yuv"})
    ->Apply(studio_cases)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);

void print_summary(const fakecam::bench::MedianKeeper& medians, int path) {
  const std::string suffix = path == kYuv ? "/yuv:1" : "/yuv:0";
  const double* plain = medians.find("BM_Studio/light:0/framing%:0/capture:720" + suffix);
  if (plain == nullptr) return;  // filtered out
  std::printf("\n%-34s %8s %8s %8s\n", path == kYuv ? "YUV path, 720p out, CPU ms" : "BGR path, 720p out, CPU ms",
              "total", "adds", "x plain");
  const std::pair<const char*, const char*> cases[] = {
      {"plain composite", "light:0/framing%:0/capture:720"},
      {"light 50", "light:50/framing%:0/capture:720"},
      {"light 100", "light:100/framing%:0/capture:720"},
      {"framing 1.5x of 1080p", "light:0/framing%:150/capture:1080"},
      {"framing 1.5x of 1080p + light 50", "light:50/framing%:150/capture:1080"},
      {"framing 2x of 720p", "light:0/framing%:200/capture:720"},
      {"framing 2x of 720p + light 50", "light:50/framing%:200/capture:720"},
  };
  for (const auto& [name, args] : cases) {
    const double* found = medians.find(std::string("BM_Studio/") + args + suffix);
    if (found == nullptr) continue;
    const double adds = *found - *plain;
    std::printf("%-34s %8.3f %+8.3f %8.2f\n", name, *found, adds, adds / *plain);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  fakecam::bench::MedianKeeper reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  print_summary(reporter, kYuv);
  print_summary(reporter, kBgr);
  return 0;
}
