// SPDX-License-Identifier: GPL-3.0-or-later
// Per-frame compose cost (mask upsample + threshold + background + blend) at
// 720p and 1080p, for an image background and for the blur, next to the path
// the Python original (fake.py) takes with OpenCV: the mask upsampled as
// float32, frame * mask + background * (1 - mask) in float32 on full-frame
// images, converted back; and its blur, a full-resolution GaussianBlur.
//
// Then every mode and effect of the compositor (BM_Mode/...), the mask
// pipeline's steps (temporal smoothing, edge refinement), and what an
// animated background costs the processing thread (its decoding runs on its
// own thread and is not counted: the benchmark waits, untimed, until the
// frame it asks for is decoded).
//
// One thread (cv::setNumThreads(1)); each benchmark is repeated and the
// median reported, since the build machines are shared and noisy. Quote
// the CPU-time medians (cpu_time), which a loaded machine disturbs least.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <functional>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "common/yuv_image.hpp"
#include "compose/background/blur_background.hpp"
#include "compose/background/image_background.hpp"
#include "compose/background/image_fit.hpp"
#include "compose/background/video_background.hpp"
#include "compose/background/weighted_blur.hpp"
#include "compose/compositor.hpp"
#include "compose/kernels/blend.hpp"
#include "compose/kernels/box_filter.hpp"
#include "compose/kernels/float_resizer.hpp"
#include "compose/kernels/normalised_rows.hpp"
#include "compose/mask/mask_pipeline.hpp"
#include "compose/mask/mask_stage.hpp"
#include "support/bench_counts.hpp"

namespace {

using fakecam::compose::BackgroundKind;
using fakecam::compose::ComposeSettings;
using fakecam::compose::Compositor;

constexpr int kRepetitions = 9;

cv::Size frame_size(const benchmark::State& state) {
  return {static_cast<int>(state.range(0)), static_cast<int>(state.range(1))};
}

cv::Mat camera_frame(cv::Size size) {
  cv::Mat frame(size, CV_8UC3);
  cv::RNG rng(7);
  rng.fill(frame, cv::RNG::UNIFORM, 0, 256);
  cv::GaussianBlur(frame, frame, cv::Size(5, 5), 1.5);  // some spatial structure, like a picture
  return frame;
}

// A landscape-model mask: a person-shaped blob in the middle, soft edges.
cv::Mat model_mask() {
  cv::Mat mask(144, 256, CV_32FC1, cv::Scalar(0.02f));
  cv::ellipse(mask, {128, 160}, {70, 110}, 0, 0, 360, cv::Scalar(0.98f), cv::FILLED);
  cv::circle(mask, {128, 45}, 32, cv::Scalar(0.98f), cv::FILLED);
  cv::GaussianBlur(mask, mask, cv::Size(7, 7), 2.0);
  return mask;
}

cv::Mat background_picture() {
  cv::Mat picture(1600, 2560, CV_8UC3);
  cv::RNG rng(3);
  rng.fill(picture, cv::RNG::UNIFORM, 0, 256);
  return picture;
}

void set_items(benchmark::State& state, cv::Size size) {
  state.SetItemsProcessed(state.iterations());
  state.counters["px"] = size.area();
}

// ---- fakecam ----

// A 2560x1600 picture written once to the temp dir for the image background.
std::filesystem::path background_file() {
  static const std::filesystem::path path = [] {
    auto p = std::filesystem::temp_directory_path() / "fakecam-compose-bench-background.png";
    cv::imwrite(p.string(), background_picture());
    return p;
  }();
  return path;
}

void BM_Compose(benchmark::State& state, BackgroundKind kind) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  ComposeSettings settings;
  settings.background = kind;
  if (kind == BackgroundKind::image) settings.image_path = background_file();
  Compositor compositor(settings);
  const cv::Mat frame = camera_frame(size);
  const cv::Mat mask = model_mask();
  cv::Mat out;
  compositor.compose(frame, mask, out);  // the first frame scales and caches the image
  for (auto _ : state) {
    compositor.compose(frame, mask, out);
    benchmark::DoNotOptimize(out.data);
    benchmark::ClobberMemory();
  }
  set_items(state, size);
}

void BM_ComposeImage(benchmark::State& state) { BM_Compose(state, BackgroundKind::image); }
void BM_ComposeBlur(benchmark::State& state) { BM_Compose(state, BackgroundKind::blur); }
void BM_PassThrough(benchmark::State& state) { BM_Compose(state, BackgroundKind::none); }

void BM_MaskStage(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  fakecam::compose::MaskStage stage({});
  const cv::Mat mask = model_mask();
  cv::Mat alpha;
  for (auto _ : state) {
    stage.run(mask, size, alpha);
    benchmark::DoNotOptimize(alpha.data);
  }
  set_items(state, size);
}

void BM_Blend(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const cv::Mat frame = camera_frame(size);
  const cv::Mat background(size, CV_8UC3, cv::Scalar(0, 255, 0));
  cv::Mat alpha;
  fakecam::compose::MaskStage({}).run(model_mask(), size, alpha);
  fakecam::compose::Blender blender;
  cv::Mat out;
  for (auto _ : state) {
    blender.run(frame, background, alpha, out);
    benchmark::DoNotOptimize(out.data);
  }
  set_items(state, size);
}

void BM_BlurOnly(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const cv::Mat frame = camera_frame(size);
  const cv::Mat alpha(size, CV_8UC1, cv::Scalar(0));
  fakecam::compose::BlurBackground blur(fakecam::compose::kDefaultBlurStrength);
  cv::Mat out;
  for (auto _ : state) {
    blur.render({frame, alpha}, out);  // as a full frame, for comparison with a plain resize
    benchmark::DoNotOptimize(out.data);
  }
  set_items(state, size);
}

// Once per frame-size change (or reload): a 2560x1600 picture to the frame.
void BM_ScaleBackgroundImage(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const cv::Mat picture = background_picture();
  cv::Mat out;
  for (auto _ : state) {
    fakecam::compose::fit_image(picture, size, fakecam::compose::ImageFit::cover, {0, 0, 0}, out);
    benchmark::DoNotOptimize(out.data);
  }
  set_items(state, size);
}

// ---- the Python original's path, in OpenCV ----

// fake.py: mask (float32) at frame size, then frame * mask + bg * (1 - mask)
// on float32 images and back to 8 bits. The mask upsample and threshold are
// included as the C++ path includes them.
void python_float_blend(const cv::Mat& frame, const cv::Mat& background, const cv::Mat& model_mask_small, cv::Mat& mask,
                        cv::Mat& mask3, cv::Mat& inv3, cv::Mat& f32, cv::Mat& b32, cv::Mat& out) {
  cv::resize(model_mask_small, mask, frame.size(), 0, 0, cv::INTER_LINEAR);
  cv::threshold(mask, mask, 0.5, 1.0, cv::THRESH_BINARY);
  cv::merge(std::vector<cv::Mat>{mask, mask, mask}, mask3);
  cv::subtract(cv::Scalar::all(1.0), mask3, inv3);
  frame.convertTo(f32, CV_32FC3);
  background.convertTo(b32, CV_32FC3);
  cv::multiply(f32, mask3, f32);
  cv::multiply(b32, inv3, b32);
  cv::add(f32, b32, f32);
  f32.convertTo(out, CV_8UC3);
}

void BM_PythonImage(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const cv::Mat frame = camera_frame(size);
  const cv::Mat background(size, CV_8UC3, cv::Scalar(0, 255, 0));  // pre-scaled, as fake.py caches it
  const cv::Mat mask_small = model_mask();
  cv::Mat mask, mask3, inv3, f32, b32, out;
  for (auto _ : state) {
    python_float_blend(frame, background, mask_small, mask, mask3, inv3, f32, b32, out);
    benchmark::DoNotOptimize(out.data);
  }
  set_items(state, size);
}

// fake.py's default blur: GaussianBlur with a 21x21 kernel, sigma 7, at full
// resolution, then the float blend.
void BM_PythonBlur(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const cv::Mat frame = camera_frame(size);
  const cv::Mat mask_small = model_mask();
  cv::Mat blurred, mask, mask3, inv3, f32, b32, out;
  for (auto _ : state) {
    cv::GaussianBlur(frame, blurred, cv::Size(21, 21), 7.0);
    python_float_blend(frame, blurred, mask_small, mask, mask3, inv3, f32, b32, out);
    benchmark::DoNotOptimize(out.data);
  }
  set_items(state, size);
}

// The same full-resolution Gaussian at fakecam's default sigma, for the
// blur's own ratio.
void BM_FullResGaussianDefaultSigma(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const cv::Mat frame = camera_frame(size);
  const double sigma = fakecam::compose::blur_sigma(fakecam::compose::kDefaultBlurStrength, size);
  cv::Mat blurred;
  for (auto _ : state) {
    cv::GaussianBlur(frame, blurred, cv::Size(), sigma);
    benchmark::DoNotOptimize(blurred.data);
  }
  set_items(state, size);
}

// ---- every mode and effect ----

// A 2-second 30 fps MJPEG clip of moving noise, written once.
std::filesystem::path background_video() {
  static const std::filesystem::path path = [] {
    auto p = std::filesystem::temp_directory_path() / "fakecam-compose-bench-background.avi";
    cv::VideoWriter writer(p.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30, {1280, 720});
    cv::Mat picture = camera_frame({1280 + 120, 720});
    for (int i = 0; i < 60; ++i) writer.write(picture(cv::Rect(i * 2, 0, 1280, 720)));
    return p;
  }();
  return path;
}

// A podium: the lower third of the frame, opaque in an ellipse.
std::filesystem::path overlay_file(const char* name, bool mask) {
  auto p = std::filesystem::temp_directory_path() / name;
  cv::Mat img(720, 1280, CV_8UC3, cv::Scalar(30, 60, 120));
  if (mask) {
    img.setTo(cv::Scalar(0));
    cv::ellipse(img, {640, 720}, {300, 200}, 0, 0, 360, cv::Scalar::all(255), cv::FILLED);
  }
  cv::imwrite(p.string(), img);
  return p;
}

using Configure = std::function<void(ComposeSettings&)>;

void BM_Mode(benchmark::State& state, const Configure& configure) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  ComposeSettings settings;
  configure(settings);
  Compositor compositor(settings);
  const cv::Mat frame = camera_frame(size);
  const cv::Mat mask = model_mask();
  cv::Mat out;
  compositor.compose(frame, mask, out);  // first frame: scaling and caching
  // A video background: advance a frame per iteration and wait (untimed)
  // for the decoder thread, so only the processing thread's work counts.
  auto* video = dynamic_cast<fakecam::compose::VideoBackground*>(compositor.background());
  for (auto _ : state) {
    if (video != nullptr) {
      state.PauseTiming();
      video->decoder().wait_for_tick(video->tick() + 1, 1.0);
      state.ResumeTiming();
    }
    compositor.compose(frame, mask, out);
    benchmark::DoNotOptimize(out.data);
    benchmark::ClobberMemory();
  }
  set_items(state, size);
}

void sizes(benchmark::internal::Benchmark* b);

#define FAKECAM_MODE(name, ...) BENCHMARK_CAPTURE(BM_Mode, name, [](ComposeSettings& s) { __VA_ARGS__; })->Apply(sizes)

using fakecam::compose::BlurEffect;
using fakecam::compose::BrightnessEffect;
using fakecam::compose::ColourMapEffect;
using fakecam::compose::HologramEffect;
using fakecam::compose::ImageFit;

// The mask pipeline on its own: bilinear only, then what refinement and
// temporal smoothing add (the budget for both together: 2 ms at 720p).
FAKECAM_MODE(colour_bilinear_only, s.background = BackgroundKind::colour; s.refine.enabled = false;
             s.temporal.still_rate = 1.0f);
FAKECAM_MODE(colour_refined, s.background = BackgroundKind::colour; s.temporal.still_rate = 1.0f);
FAKECAM_MODE(colour_refined_smoothed, s.background = BackgroundKind::colour);
// Backgrounds (default mask pipeline: refined and smoothed).
FAKECAM_MODE(blur_default, s.background = BackgroundKind::blur);
FAKECAM_MODE(blur_strength_10, s.background = BackgroundKind::blur; s.blur_strength = 10);
FAKECAM_MODE(blur_strength_100, s.background = BackgroundKind::blur; s.blur_strength = 100);
FAKECAM_MODE(image_cover, s.background = BackgroundKind::image; s.image_path = background_file());
FAKECAM_MODE(image_letterbox, s.background = BackgroundKind::image; s.image_path = background_file();
             s.fit = ImageFit::fit);
FAKECAM_MODE(image_tile, s.background = BackgroundKind::image; s.image_path = background_file();
             s.fit = ImageFit::tile);
FAKECAM_MODE(video, s.background = BackgroundKind::image; s.image_path = background_video());
FAKECAM_MODE(no_background_passthrough, s.background = BackgroundKind::none);
// Effects.
FAKECAM_MODE(image_with_cached_effects, s.background = BackgroundKind::image; s.image_path = background_file();
             s.background_effects = {BrightnessEffect{80}, ColourMapEffect{cv::COLORMAP_OCEAN}});
FAKECAM_MODE(blur_with_brightness, s.background = BackgroundKind::blur; s.background_effects = {BrightnessEffect{70}});
FAKECAM_MODE(hologram_over_real_background, s.background = BackgroundKind::none; s.selfie_effects = {HologramEffect{}});
FAKECAM_MODE(hologram_over_image, s.background = BackgroundKind::image; s.image_path = background_file();
             s.selfie_effects = {HologramEffect{}});
FAKECAM_MODE(selfie_colour_map, s.background = BackgroundKind::blur;
             s.selfie_effects = {ColourMapEffect{cv::COLORMAP_VIRIDIS}});
FAKECAM_MODE(selfie_opacity_70, s.background = BackgroundKind::image; s.image_path = background_file();
             s.selfie_opacity = 70);
FAKECAM_MODE(light_wrap_50, s.background = BackgroundKind::image; s.image_path = background_file(); s.light_wrap = 50);
FAKECAM_MODE(foreground_overlay, s.background = BackgroundKind::blur;
             s.foreground.image_path = overlay_file("fakecam-bench-podium.png", false);
             s.foreground.mask_path = overlay_file("fakecam-bench-podium-mask.png", true));

// What an animated background costs the processing thread per output frame
// when every frame is a new video frame: VideoBackground::prepare() (take
// the due frame from the decoder's queue) and reading its rows, as the
// blender does. A manual clock advances one output frame per iteration; the
// wait for the decoder thread is not timed (it decodes on its own thread).
// BM_StillBackgroundFrame is the same for a still image: the difference is
// what the animation adds.
void read_rows(fakecam::compose::Background& background, cv::Size size, std::vector<std::uint8_t>& scratch) {
  std::uintptr_t sum = 0;
  for (int y = 0; y < size.height; ++y) sum += reinterpret_cast<std::uintptr_t>(background.row(y, scratch.data()));
  benchmark::DoNotOptimize(sum);
}

void BM_VideoBackgroundFrame(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  double now = 1000.0;
  fakecam::compose::VideoOptions options;
  fakecam::compose::VideoBackground video(background_video(), options, [&now] { return now; });
  const cv::Mat frame = camera_frame(size), alpha;
  std::vector<std::uint8_t> scratch(static_cast<std::size_t>(size.width) * 3);
  video.prepare({frame, alpha});
  std::uint64_t tick = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ++tick;
    now = 1000.0 + (static_cast<double>(tick) + 0.5) / options.output_fps;
    video.decoder().wait_for_tick(tick, 5.0);
    state.ResumeTiming();
    video.prepare({frame, alpha});
    read_rows(video, size, scratch);
  }
  state.counters["late"] = static_cast<double>(video.late_frames());
  set_items(state, size);
}

void BM_StillBackgroundFrame(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  fakecam::compose::ImageBackground image(background_file(), fakecam::compose::ImageFit::cover, {});
  const cv::Mat frame = camera_frame(size), alpha;
  std::vector<std::uint8_t> scratch(static_cast<std::size_t>(size.width) * 3);
  image.prepare({frame, alpha});
  for (auto _ : state) {
    state.PauseTiming();  // the same timer overhead as the video's
    state.ResumeTiming();
    image.prepare({frame, alpha});
    read_rows(image, size, scratch);
  }
  set_items(state, size);
}

// The blur background per frame as the blender uses it: prepare, then every
// row (BGR), or every row of every plane in the blender's order (YUV, issue
// 12: Y rows 2k and 2k + 1, then U and V row k), with a person in the alpha
// (the weighting on). At the default strength (reduced by 4 at 720p, 8 at
// 1080p) and a weak one (strength 10: factor 1 at 720p, the full-size path).
cv::Mat person_alpha(cv::Size size) {
  cv::Mat alpha(size, CV_8UC1, cv::Scalar(0));
  cv::ellipse(alpha, {size.width / 2, size.height * 3 / 4}, {size.width / 6, size.height / 2}, 0, 0, 360,
              cv::Scalar(255), cv::FILLED);
  cv::GaussianBlur(alpha, alpha, cv::Size(9, 9), 3.0);
  return alpha;
}

void BM_BlurRows(benchmark::State& state, bool yuv, int strength) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const cv::Mat frame = camera_frame(size), alpha = person_alpha(size);
  fakecam::YuvImage yuv_frame;
  fakecam::bgr_to_yuv(frame, yuv_frame);
  fakecam::compose::BlurBackground blur(strength);
  std::vector<std::uint8_t> scratch(static_cast<std::size_t>(size.width) * 3);
  for (auto _ : state) {
    if (!yuv) {
      blur.prepare({frame, alpha});
      read_rows(blur, size, scratch);
      continue;
    }
    blur.prepare_yuv({yuv_frame, alpha});
    std::uintptr_t sum = 0;
    for (int k = 0; k < size.height / 2; ++k) {
      using fakecam::compose::YuvPlane;
      sum += reinterpret_cast<std::uintptr_t>(blur.yuv_row(YuvPlane::y, 2 * k, scratch.data()));
      sum += reinterpret_cast<std::uintptr_t>(blur.yuv_row(YuvPlane::y, 2 * k + 1, scratch.data()));
      sum += reinterpret_cast<std::uintptr_t>(blur.yuv_row(YuvPlane::u, k, scratch.data()));
      sum += reinterpret_cast<std::uintptr_t>(blur.yuv_row(YuvPlane::v, k, scratch.data()));
    }
    benchmark::DoNotOptimize(sum);
  }
  set_items(state, size);
}
BENCHMARK_CAPTURE(BM_BlurRows, bgr, false, fakecam::compose::kDefaultBlurStrength)->Apply(sizes);
BENCHMARK_CAPTURE(BM_BlurRows, yuv, true, fakecam::compose::kDefaultBlurStrength)->Apply(sizes);
BENCHMARK_CAPTURE(BM_BlurRows, bgr_weak, false, 10)->Apply(sizes);
BENCHMARK_CAPTURE(BM_BlurRows, yuv_weak, true, 10)->Apply(sizes);

// The blur background's normalised convolution at its reduced size at the
// default strength (the frame / 4 at 720p, / 8 at 1080p: Y, U and V planes
// of 320x180 and 240x135, sigma 2.65 and 1.96, printed in the label), from
// the planes and the reduced alpha to the blurred planes: the whole image
// weighted into four floats a pixel, cv::GaussianBlur, divided ("opencv"),
// against WeightedBlur's rows ("rows"). (The three extended boxes as
// running sums over the whole float image with two transposes, which the
// rows replaced, took 0.39 ms at 720p for the blur alone, where the rows
// take 0.34-0.36 with the weighting and the division: AMD EPYC family 26,
// 2026-12-07, bench/RESULTS.md.)
void BM_WeightedBlur(benchmark::State& state, bool rows) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  const fakecam::compose::BlurPlan plan =
      fakecam::compose::plan_blur(fakecam::compose::blur_sigma(fakecam::compose::kDefaultBlurStrength, size));
  const cv::Size small = size / plan.factor;
  cv::Mat bgr, alpha;
  cv::resize(camera_frame(size), bgr, small, 0, 0, cv::INTER_AREA);
  cv::resize(person_alpha(size), alpha, small, 0, 0, cv::INTER_AREA);
  // The four weighted channels one above the other: row y of channel k at
  // row k h + y, one channel's stride apart as normalised_rows.hpp has them.
  cv::Mat planes[3], out[3], weighted(4 * small.height, small.width, CV_32FC1), blurred(weighted.size(), CV_32FC1);
  const std::ptrdiff_t stride = static_cast<std::ptrdiff_t>(small.area());
  cv::split(bgr, planes);
  for (cv::Mat& o : out) o.create(small, CV_8UC1);
  fakecam::compose::WeightedBlur blur;
  const float floor = fakecam::compose::BlurBackground::kPersonWeight;
  for (auto _ : state) {
    if (rows) {
      blur.run(planes, alpha, floor, plan.small_sigma, out);
    } else {
      for (int y = 0; y < small.height; ++y) {
        fakecam::compose::kernels::weigh_planes_row(planes[0].ptr(y), planes[1].ptr(y), planes[2].ptr(y), alpha.ptr(y),
                                                    floor, weighted.ptr<float>(y), stride, small.width);
      }
      for (int k = 0; k < 4; ++k) {
        const cv::Rect channel(0, k * small.height, small.width, small.height);
        cv::Mat into = blurred(channel);
        cv::GaussianBlur(weighted(channel), into, cv::Size(), plan.small_sigma, plan.small_sigma,
                         cv::BORDER_REFLECT_101 | cv::BORDER_ISOLATED);
      }
      for (int y = 0; y < small.height; ++y) {
        fakecam::compose::kernels::unweigh_planes_row(blurred.ptr<float>(y), stride, out[0].ptr(y), out[1].ptr(y),
                                                      out[2].ptr(y), small.width);
      }
    }
    benchmark::DoNotOptimize(out[0].data);
  }
  state.SetLabel(std::to_string(small.width) + "x" + std::to_string(small.height) + " sigma " +
                 std::to_string(plan.small_sigma).substr(0, 4));
}
BENCHMARK_CAPTURE(BM_WeightedBlur, opencv, false)->Apply(sizes);
BENCHMARK_CAPTURE(BM_WeightedBlur, rows, true)->Apply(sizes);

// The edge refiner's confidence, the landscape model's 256x144 mask taken to
// the 720p guide size (320x180) every frame: cv::resize (which plans the
// resize anew each call) against the planned rows of FloatResizer.
void BM_FloatResize(benchmark::State& state, bool planned) {
  cv::setNumThreads(1);
  cv::Mat mask(144, 256, CV_32FC1), out;
  cv::randu(mask, 0.0f, 1.0f);
  fakecam::compose::FloatResizer resizer;
  for (auto _ : state) {
    if (planned) {
      resizer.run(mask, cv::Size(320, 180), out);
    } else {
      cv::resize(mask, out, cv::Size(320, 180), 0, 0, cv::INTER_LINEAR);
    }
    benchmark::DoNotOptimize(out.data);
  }
}
BENCHMARK_CAPTURE(BM_FloatResize, opencv, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FloatResize, planned, true)->Unit(benchmark::kMicrosecond);

// The two mask steps alone.
// GreyShrinker (the mask pipeline's luma guide, denoise): a 720p plane
// reduced by 4 and a 1080p one by 8 in one pass of block means. The group
// sums of shrink_row_u16 are specialised for factors 2, 4 and 8: 149 -> 51
// us and 99 -> 80 us (AMD EPYC family 26, 2026-12-07).
void BM_GreyShrinker(benchmark::State& state) {
  const cv::Size size = state.range(0) == 1080 ? cv::Size(1920, 1080) : cv::Size(1280, 720);
  const int factor = state.range(0) == 1080 ? 8 : 4;
  cv::Mat plane(size, CV_8UC1);
  cv::randu(plane, 0, 256);
  fakecam::compose::GreyShrinker shrinker;
  cv::Mat out;
  for (auto _ : state) {
    shrinker.run(plane, size / factor, out);
    benchmark::DoNotOptimize(out.data);
  }
}
BENCHMARK(BM_GreyShrinker)->Arg(720)->Arg(1080)->Unit(benchmark::kMicrosecond);

void BM_TemporalFilter(benchmark::State& state) {
  cv::setNumThreads(1);
  fakecam::compose::TemporalFilter filter({});
  const cv::Mat mask = model_mask();
  cv::Mat grey(mask.size(), CV_8UC1);
  cv::randu(grey, 0, 256);
  for (auto _ : state) benchmark::DoNotOptimize(filter.run(mask, grey).data);
}
BENCHMARK(BM_TemporalFilter)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(fakecam::bench::repetitions(kRepetitions))
    ->ReportAggregatesOnly(true);

void BM_MaskPipeline(benchmark::State& state) {
  cv::setNumThreads(1);
  const cv::Size size = frame_size(state);
  fakecam::compose::MaskPipeline pipeline({}, {}, {});
  const cv::Mat frame = camera_frame(size);
  const cv::Mat mask = model_mask();
  cv::Mat alpha;
  for (auto _ : state) {
    pipeline.run(frame, mask, alpha);
    benchmark::DoNotOptimize(alpha.data);
  }
  set_items(state, size);
}

void sizes(benchmark::internal::Benchmark* b) {
  b->Args({1280, 720})->Args({1920, 1080});
  b->Unit(benchmark::kMillisecond)->Repetitions(fakecam::bench::repetitions(kRepetitions))->ReportAggregatesOnly(true);
}

// A fixed count: the timed part is tiny next to the (untimed) decoding, so
// letting the library grow the count until 0.5 s are timed takes hours.
BENCHMARK(BM_VideoBackgroundFrame)->Apply(sizes)->Iterations(fakecam::bench::iterations(300));
BENCHMARK(BM_StillBackgroundFrame)->Apply(sizes)->Iterations(fakecam::bench::iterations(300));
BENCHMARK(BM_ComposeImage)->Apply(sizes);
BENCHMARK(BM_ComposeBlur)->Apply(sizes);
BENCHMARK(BM_PassThrough)->Apply(sizes);
BENCHMARK(BM_MaskStage)->Apply(sizes);
BENCHMARK(BM_MaskPipeline)->Apply(sizes);
BENCHMARK(BM_Blend)->Apply(sizes);
BENCHMARK(BM_BlurOnly)->Apply(sizes);
BENCHMARK(BM_ScaleBackgroundImage)->Apply(sizes);
BENCHMARK(BM_PythonImage)->Apply(sizes);
BENCHMARK(BM_PythonBlur)->Apply(sizes);
BENCHMARK(BM_FullResGaussianDefaultSigma)->Apply(sizes);

}  // namespace

BENCHMARK_MAIN();
