// SPDX-License-Identifier: GPL-3.0-or-later
// Per-frame cost of the studio effects on their own: the portrait light
// (--light; its budget, together with auto-framing: 0.5 ms at 720p) and the
// low-light denoiser (--denoise; reported separately, it touches every
// pixel's running average in float). The light is given what the compositor
// gives it: the alpha at frame size, the grey frame and the alpha at the
// guide size (made by the mask pipeline, not timed here).
//
// One thread; medians of 9 runs; quote cpu_time.

#include <benchmark/benchmark.h>

#include <opencv2/imgproc.hpp>

#include "common/yuv_image.hpp"
#include "compose/effects/denoise.hpp"
#include "compose/effects/portrait_light.hpp"
#include "compose/mask/mask_pipeline.hpp"
#include "support/bench_counts.hpp"

namespace {

constexpr int kRepetitions = 9;

cv::Size frame_size(const benchmark::State& state) {
  return {static_cast<int>(state.range(0)), static_cast<int>(state.range(1))};
}

// A picture with some structure, and a person-shaped soft alpha.
cv::Mat camera_frame(cv::Size size, std::uint64_t seed) {
  cv::Mat frame(size, CV_8UC3);
  cv::RNG rng(seed);
  rng.fill(frame, cv::RNG::UNIFORM, 0, 256);
  cv::GaussianBlur(frame, frame, cv::Size(5, 5), 1.5);
  return frame;
}

cv::Mat person_alpha(cv::Size size) {
  cv::Mat alpha = cv::Mat::zeros(size, CV_8UC1);
  cv::ellipse(alpha, {size.width / 2, size.height * 2 / 3}, {size.width / 5, size.height / 2}, 0, 0, 360,
              cv::Scalar(255), cv::FILLED);
  cv::circle(alpha, {size.width / 2, size.height / 4}, size.height / 7, cv::Scalar(255), cv::FILLED);
  cv::GaussianBlur(alpha, alpha, cv::Size(), 2.0);
  return alpha;
}

void set_items(benchmark::State& state, cv::Size size) {
  state.SetItemsProcessed(state.iterations());
  state.counters["px"] = size.area();
}

// What the light is given per frame: the frame, the person's alpha, and
// both at the guide size (as MaskPipeline makes them).
struct LightInputs {
  explicit LightInputs(cv::Size size) : frame(camera_frame(size, 7)), alpha(person_alpha(size)) {
    const cv::Size low = fakecam::compose::guide_size(size);
    cv::Mat grey;
    cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
    cv::resize(grey, grey_low, low, 0, 0, cv::INTER_AREA);
    cv::resize(alpha, alpha_low, low, 0, 0, cv::INTER_AREA);
    alpha_low.convertTo(alpha_low, CV_32F, 1.0 / 255.0);
  }
  cv::Mat frame, alpha, grey_low, alpha_low;
};

void BM_PortraitLight(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const LightInputs in(size);
  fakecam::compose::PortraitLight light(static_cast<int>(state.range(2)));
  cv::Mat out;
  for (auto _ : state) {
    state.PauseTiming();
    in.frame.copyTo(out);  // the light works in place
    state.ResumeTiming();
    light.apply(out, in.alpha, in.grey_low, in.alpha_low);
    benchmark::DoNotOptimize(out.data);
  }
  set_items(state, size);
}
BENCHMARK(BM_PortraitLight)
    ->Args({1280, 720, 50})
    ->Args({1920, 1080, 50})
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);

// The same light on the YUV path (PortraitLight::apply_yuv: the frame in
// I420, the guide's grey its limited-range luma reduced, as MaskPipeline's
// run_luma makes it): the same guide-size work, half the bytes per pixel.
void BM_PortraitLightYuv(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const LightInputs in(size);
  fakecam::YuvImage frame, out;
  fakecam::bgr_to_yuv(in.frame, frame);
  cv::Mat luma_low;
  cv::resize(frame.y(), luma_low, in.grey_low.size(), 0, 0, cv::INTER_AREA);
  fakecam::compose::PortraitLight light(static_cast<int>(state.range(2)));
  for (auto _ : state) {
    state.PauseTiming();
    frame.copy_to(out);  // the light works in place
    state.ResumeTiming();
    light.apply_yuv(out, in.alpha, luma_low, in.alpha_low);
    benchmark::DoNotOptimize(out.data());
  }
  set_items(state, size);
}
BENCHMARK(BM_PortraitLightYuv)
    ->Args({1280, 720, 50})
    ->Args({1920, 1080, 50})
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);

// The light's guide-size work alone (PortraitLight::prepare: the person's
// gain and luma-ratio fields; the gain's stretch to the frame width happens
// row by row in gain_row(), with the blend): the part of the light the
// compositor's blend does not carry.
void BM_PortraitLightPrepare(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const LightInputs in(size);
  fakecam::compose::PortraitLight light(static_cast<int>(state.range(2)));
  for (auto _ : state) {
    light.prepare(in.frame, in.alpha, in.grey_low, in.alpha_low);
    benchmark::DoNotOptimize(light.person_gain_low().data);
  }
  set_items(state, size);
}
BENCHMARK(BM_PortraitLightPrepare)
    ->Args({1280, 720, 50})
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);

// Two alternating frames: the grain changes every frame, as a camera's does.
void BM_Denoise(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const cv::Mat frames[2] = {camera_frame(size, 7), camera_frame(size, 7)};
  cv::Mat grain(size, CV_8UC3);
  cv::randu(grain, 0, 6);
  cv::add(frames[1], grain, frames[1]);
  fakecam::compose::Denoiser denoiser(static_cast<int>(state.range(2)));
  cv::Mat out;
  std::size_t i = 0;
  for (auto _ : state) {
    state.PauseTiming();
    frames[i++ % 2].copyTo(out);
    state.ResumeTiming();
    denoiser.apply(out);
    benchmark::DoNotOptimize(out.data);
  }
  state.counters["still"] = denoiser.still_share();
  set_items(state, size);
}
BENCHMARK(BM_Denoise)
    ->Args({1280, 720, 50})
    ->Args({1920, 1080, 50})
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);

}  // namespace
