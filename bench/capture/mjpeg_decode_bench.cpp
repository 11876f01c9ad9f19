// SPDX-License-Identifier: GPL-3.0-or-later
// What a webcam frame costs before segmentation: MJPEG decode with TurboJPEG
// (full size, and DCT-scaled to 1/2 versus decoding full and resizing; to
// BGR or to YUV I420), and raw YUYV/NV12 conversion with libyuv (to BGR or
// I420). Run with repetitions and quote the
// median, e.g.
//   build/bench/capture/capture_bench --benchmark_repetitions=9 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/mjpeg_decoder.hpp"
#include "capture/raw_converter.hpp"
#include "common/yuv_image.hpp"
#include "support/jpeg_fixture.hpp"

namespace {

using fakecam::capture::DctScale;
using fakecam::capture::MjpegDecoder;
using fakecam::capture::RawConverter;

// A real photo (tests/data/capture), encoded as a webcam would: 4:2:2, q85.
// (4:2:0 when `chroma420`, as some cameras and most MJPEG files have it.)
const std::vector<std::uint8_t>& webcam_jpeg(int height, bool chroma420 = false) {
  static const cv::Mat photo = cv::imread(FAKECAM_CAPTURE_DATA_DIR "/jetty-1920x1080.jpg", cv::IMREAD_COLOR);
  static std::map<std::pair<int, bool>, std::vector<std::uint8_t>> cache;
  auto& jpeg = cache[{height, chroma420}];
  if (jpeg.empty()) {
    if (photo.empty()) throw std::runtime_error("cannot read " FAKECAM_CAPTURE_DATA_DIR "/jetty-1920x1080.jpg");
    cv::Mat sized;
    cv::resize(photo, sized, cv::Size(height * 16 / 9, height), 0, 0, cv::INTER_AREA);
    jpeg = fakecam::test::encode_jpeg(sized, 85, chroma420 ? fakecam::test::Chroma::s420 : fakecam::test::Chroma::s422);
  }
  return jpeg;
}

void BM_MjpegDecode(benchmark::State& state) {
  const auto& jpeg = webcam_jpeg(static_cast<int>(state.range(0)));
  const DctScale scale{1, static_cast<int>(state.range(1))};
  MjpegDecoder decoder;
  cv::Mat out;
  for (auto _ : state) {
    if (!decoder.decode(jpeg, out, scale)) state.SkipWithError(decoder.last_error().c_str());
    benchmark::DoNotOptimize(out.data);
  }
  state.SetLabel(std::to_string(out.cols) + "x" + std::to_string(out.rows) + ", " + std::to_string(jpeg.size() / 1024) +
                 " KiB");
}
BENCHMARK(BM_MjpegDecode)
    ->ArgNames({"height", "denom"})
    ->Args({720, 1})
    ->Args({720, 2})
    ->Args({1080, 1})
    ->Args({1080, 2})
    ->Unit(benchmark::kMillisecond);

// The same frame to BGR or to I420 (limited range, as Frame::yuv holds it),
// per chroma subsampling of the JPEG: 422 or 420.
void BM_MjpegDecodeTo(benchmark::State& state) {
  const bool yuv = state.range(1) != 0;
  const bool chroma420 = state.range(2) == 420;
  const auto& jpeg = webcam_jpeg(static_cast<int>(state.range(0)), chroma420);
  MjpegDecoder decoder;
  cv::Mat bgr;
  fakecam::YuvImage i420;
  for (auto _ : state) {
    const bool ok = yuv ? decoder.decode(jpeg, i420) : decoder.decode(jpeg, bgr);
    if (!ok) state.SkipWithError(decoder.last_error().c_str());
    benchmark::DoNotOptimize(yuv ? i420.data() : bgr.data);
  }
  state.SetLabel(std::string(yuv ? "I420" : "BGR") + (chroma420 ? " from 4:2:0" : " from 4:2:2"));
}
BENCHMARK(BM_MjpegDecodeTo)
    ->ArgNames({"height", "yuv", "chroma"})
    ->ArgsProduct({{720}, {0, 1}, {420, 422}})
    ->Unit(benchmark::kMillisecond);

// JPEG's full range to the limited range every I420 frame holds, after each
// MJPEG decode: fakecam's integer loop (ours: 1) against the
// cv::Mat::convertTo it replaced (ours: 0), on a 720p or 1080p frame.
void BM_FullToLimitedRange(benchmark::State& state) {
  const int height = static_cast<int>(state.range(0));
  const bool ours = state.range(1) != 0;
  fakecam::YuvImage full({height * 16 / 9, height});
  cv::randu(full.y(), 0, 256);
  cv::randu(full.u(), 0, 256);
  cv::randu(full.v(), 0, 256);
  fakecam::YuvImage limited(full.size());
  for (auto _ : state) {
    if (ours) {
      fakecam::full_to_limited_range(full.y(), full.u(), full.v(), limited);
    } else {
      cv::Mat y = limited.y(), u = limited.u(), v = limited.v();
      full.y().convertTo(y, CV_8U, 219.0 / 255.0, 16.0);
      full.u().convertTo(u, CV_8U, 224.0 / 255.0, 128.0 * 31.0 / 255.0);
      full.v().convertTo(v, CV_8U, 224.0 / 255.0, 128.0 * 31.0 / 255.0);
    }
    benchmark::DoNotOptimize(limited.data());
  }
}
BENCHMARK(BM_FullToLimitedRange)->ArgNames({"height", "ours"})->ArgsProduct({{720, 1080}, {0, 1}});

// The alternative DCT scaling replaces.
void BM_MjpegDecodeThenResizeHalf(benchmark::State& state) {
  const auto& jpeg = webcam_jpeg(static_cast<int>(state.range(0)));
  MjpegDecoder decoder;
  cv::Mat full, half;
  for (auto _ : state) {
    if (!decoder.decode(jpeg, full)) state.SkipWithError(decoder.last_error().c_str());
    cv::resize(full, half, full.size() / 2, 0, 0, cv::INTER_AREA);
    benchmark::DoNotOptimize(half.data);
  }
}
BENCHMARK(BM_MjpegDecodeThenResizeHalf)->ArgName("height")->Arg(720)->Arg(1080)->Unit(benchmark::kMillisecond);

// A 1280x720 frame of `format` (YUYV or NV12) and its line length: the
// conversion cost does not depend on the content.
std::pair<std::vector<std::uint8_t>, int> raw_frame(fakecam::PixelFormat format) {
  const cv::Size size(1280, 720);
  const int stride = format == fakecam::PixelFormat::nv12 ? size.width : size.width * 2;
  std::vector<std::uint8_t> frame(RawConverter::frame_bytes(format, size, stride));
  cv::RNG rng(1);
  for (auto& b : frame) b = static_cast<std::uint8_t>(rng.uniform(16, 236));
  return {std::move(frame), stride};
}

// Into a cv::Mat (BGR) or a YuvImage (I420).
template <typename Out>
void raw_convert(benchmark::State& state) {
  const auto format = static_cast<fakecam::PixelFormat>(state.range(0));
  const auto [frame, stride] = raw_frame(format);
  RawConverter converter;
  Out out;
  for (auto _ : state) {
    converter.convert(format, frame, {1280, 720}, stride, out);
    benchmark::DoNotOptimize(&out);
  }
  state.SetLabel(std::string(fakecam::pixel_format_name(format)) + " 1280x720");
}

void BM_RawToBgr(benchmark::State& state) { raw_convert<cv::Mat>(state); }
BENCHMARK(BM_RawToBgr)
    ->ArgName("fourcc")
    ->Arg(static_cast<int>(fakecam::PixelFormat::yuyv))
    ->Arg(static_cast<int>(fakecam::PixelFormat::nv12))
    ->Unit(benchmark::kMillisecond);

void BM_RawToYuv(benchmark::State& state) { raw_convert<fakecam::YuvImage>(state); }
BENCHMARK(BM_RawToYuv)
    ->ArgName("fourcc")
    ->Arg(static_cast<int>(fakecam::PixelFormat::yuyv))
    ->Arg(static_cast<int>(fakecam::PixelFormat::nv12))
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
