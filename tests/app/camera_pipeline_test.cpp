// SPDX-License-Identifier: GPL-3.0-or-later
// The run-time pipeline with fake inputs and outputs: frames flow, a lost
// input is survived and reconnected, nobody watching releases the input,
// reload swaps the background. Waits are "until X happens" with a generous
// cap, never assertions on durations.

#include <gtest/gtest.h>

#include <algorithm>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "app/camera_pipeline.hpp"
#include "support/test_paths.hpp"

namespace fakecam::app {
namespace {

using namespace std::chrono_literals;
const cv::Size kSize(256, 144);

struct SourceLog {
  std::atomic<int> opens{0};
  std::atomic<int> alive{0};
  std::atomic<int> failures_before_open{0};
  std::atomic<int> lose_after{-1};  // frames before a DeviceLost (-1: never)
  std::atomic<int> colour{100};     // grey level of the frames
  std::atomic<int> split{0};        // 1: right half grey 30; 2: bottom half grey 30
  std::atomic<int> reads{0};        // frames delivered decoded
  std::atomic<int> skips{0};        // frames consumed undecoded
  std::atomic<bool> yuv{false};     // deliver Frame::yuv (as a webcam asked for YUV does)
  std::atomic<int> scale{1};        // frames kSize times this
};

class FakeSource : public capture::FrameSource {
 public:
  explicit FakeSource(SourceLog& log) : log_(log) { ++log_.alive; }
  ~FakeSource() override { --log_.alive; }
  bool read(Frame& frame, std::chrono::milliseconds) override {
    std::this_thread::sleep_for(5ms);
    if (log_.lose_after == 0) {
      log_.lose_after = -1;
      throw capture::DeviceLost("/dev/fake: device lost");
    }
    if (log_.lose_after > 0) --log_.lose_after;
    const cv::Size size = kSize * log_.scale.load();
    frame.image = cv::Mat(size, CV_8UC3, cv::Scalar::all(log_.colour));
    if (log_.split == 1) frame.image.colRange(size.width / 2, size.width).setTo(cv::Scalar::all(30));
    if (log_.split == 2) frame.image.rowRange(size.height / 2, size.height).setTo(cv::Scalar::all(30));
    if (log_.yuv) {
      bgr_to_yuv(frame.image, frame.yuv);
      frame.image = cv::Mat();
    }
    frame.captured = Clock::now();
    ++log_.reads;
    return true;
  }
  bool skip(std::chrono::milliseconds) override {
    std::this_thread::sleep_for(5ms);
    ++log_.skips;
    return true;
  }
  cv::Size size() const override { return kSize * log_.scale.load(); }
  double fps() const override { return 30; }
  std::string description() const override { return "fake"; }

 private:
  SourceLog& log_;
};

struct SinkLog {
  std::mutex mutex;
  std::vector<cv::Vec3b> centre_pixels;  // at (x 5, y centre)
  std::vector<cv::Vec3b> top_pixels;     // at (x centre, y 5)
  // Per camera frame: came through write_yuv(). The pipeline's own black
  // frames (before the first camera frame, and while idle) are always YUV
  // and say nothing about the camera's path: not recorded here.
  std::vector<bool> yuv_kinds;
  int yuv_writes() {
    std::lock_guard lock(mutex);
    return static_cast<int>(std::count(yuv_kinds.begin(), yuv_kinds.end(), true));
  }
  // After the first YUV frame, every frame (new or repeated) was YUV.
  bool yuv_from_the_first_on() {
    std::lock_guard lock(mutex);
    const auto first = std::find(yuv_kinds.begin(), yuv_kinds.end(), true);
    return first != yuv_kinds.end() && std::find(first, yuv_kinds.end(), false) == yuv_kinds.end();
  }
  int count() {
    std::lock_guard lock(mutex);
    return static_cast<int>(centre_pixels.size());
  }
  cv::Vec3b last() {
    std::lock_guard lock(mutex);
    return centre_pixels.empty() ? cv::Vec3b() : centre_pixels.back();
  }
  cv::Vec3b last_top() {
    std::lock_guard lock(mutex);
    return top_pixels.empty() ? cv::Vec3b() : top_pixels.back();
  }
};

class FakeSink : public output::FrameSink {
 public:
  explicit FakeSink(SinkLog& log) : log_(log) {}
  void write(const cv::Mat& bgr) override { record(bgr, false); }
  void write_yuv(const YuvImage& frame) override {
    cv::Mat bgr;
    yuv_to_bgr(frame, bgr);
    record(bgr, true);
  }
  std::string description() const override { return "fake sink"; }

 private:
  void record(const cv::Mat& bgr, bool yuv) {
    ASSERT_EQ(bgr.size(), kSize);
    std::lock_guard lock(log_.mutex);
    log_.centre_pixels.push_back(bgr.at<cv::Vec3b>(kSize.height / 2, 5));
    log_.top_pixels.push_back(bgr.at<cv::Vec3b>(5, kSize.width / 2));
    if (cv::countNonZero(bgr.reshape(1)) > 0) log_.yuv_kinds.push_back(yuv);
  }

  SinkLog& log_;
};

struct Harness {
  SourceLog source;
  SinkLog sink;
  std::unique_ptr<CameraPipeline> pipeline;
  std::thread runner;
  std::exception_ptr error;

  // input_absent: as run_camera does when the webcam is not there at start-up.
  void start(PipelineOptions options, compose::ComposeSettings compose, bool input_absent = false) {
    options.size = kSize;
    PipelineParts parts;
    parts.open_source = [this]() -> std::unique_ptr<capture::FrameSource> {
      if (source.failures_before_open > 0) {
        --source.failures_before_open;
        throw Error("/dev/fake: no such device");
      }
      ++source.opens;
      return std::make_unique<FakeSource>(source);
    };
    if (input_absent) {
      parts.first_source = nullptr;
    } else {
      parts.first_source = parts.open_source();
    }
    parts.segmenter = std::make_unique<segment::Segmenter>(segment::Segmenter::open("landscape", 1));
    parts.compositor = std::make_unique<compose::Compositor>(std::move(compose));
    parts.sinks.push_back(std::make_unique<FakeSink>(sink));
    pipeline = std::make_unique<CameraPipeline>(std::move(options), std::move(parts));
    runner = std::thread([this] {
      try {
        pipeline->run();
      } catch (...) {
        error = std::current_exception();
      }
    });
  }
  ~Harness() {
    if (pipeline) pipeline->stop();
    if (runner.joinable()) runner.join();
  }
};

// Polls `done` until it holds; fails the test after a generous cap (this is a
// hang guard, not a speed requirement).
template <typename F>
void wait_until(F done, const char* what) {
  const auto give_up = Clock::now() + 60s;
  while (!done()) {
    ASSERT_LT(Clock::now(), give_up) << "gave up waiting for: " << what;
    std::this_thread::sleep_for(10ms);
  }
}

compose::ComposeSettings solid(cv::Vec3b colour) {
  compose::ComposeSettings c;
  c.background = compose::BackgroundKind::colour;
  c.colour = colour;
  return c;
}

// A flat grey frame has no person: the output is the background colour.
TEST(CameraPipeline, FramesFlowToTheSinkUntilMaxFrames) {
  Harness h;
  PipelineOptions o;
  o.max_frames = 12;
  h.start(o, solid({0, 0, 255}));
  h.runner.join();
  if (h.error) std::rethrow_exception(h.error);
  EXPECT_EQ(h.sink.count(), 12);
  EXPECT_EQ(h.sink.last(), cv::Vec3b(0, 0, 255));
}

// The source runs at ~200 fps; --max-fps 10 must consume most frames with
// skip() (undecoded) and decode only about one in twenty, while the output
// keeps its own rate.
TEST(CameraPipeline, MaxFpsSkipsFramesWithoutDecodingThem) {
  Harness h;
  PipelineOptions o;
  o.max_fps = 10;
  o.max_frames = 20;
  h.start(o, solid({0, 255, 0}));
  h.runner.join();
  if (h.error) std::rethrow_exception(h.error);
  EXPECT_EQ(h.sink.count(), 20);
  EXPECT_EQ(h.sink.last(), cv::Vec3b(0, 255, 0));
  EXPECT_GT(h.source.reads, 0);
  EXPECT_GT(h.source.skips, h.source.reads) << "reads " << h.source.reads << ", skips " << h.source.skips;
  EXPECT_EQ(h.pipeline->snapshot().frames_skipped, h.source.skips);
}

// --hflip / --vflip mirror the webcam picture before anything else sees it.
// The source's frame is 100 on the left/top half and 30 on the right/bottom.
struct FlipCase {
  bool hflip, vflip;
  int split;
  int left_or_top_after;  // grey level expected at the left/top sample point
  bool yuv = false;       // frames through the YUV path
};
class CameraPipelineFlip : public ::testing::TestWithParam<FlipCase> {};

TEST_P(CameraPipelineFlip, MirrorsTheWebcamPicture) {
  const FlipCase c = GetParam();
  Harness h;
  h.source.split = c.split;
  h.source.yuv = c.yuv;
  PipelineOptions o;
  o.hflip = c.hflip;
  o.vflip = c.vflip;
  o.max_frames = 8;
  compose::ComposeSettings pass;
  pass.background = compose::BackgroundKind::none;  // output = input
  h.start(o, pass);
  h.runner.join();
  if (h.error) std::rethrow_exception(h.error);
  const cv::Vec3b got = c.split == 1 ? h.sink.last() : h.sink.last_top();
  for (int ch = 0; ch < 3; ++ch) EXPECT_NEAR(got[ch], c.left_or_top_after, c.yuv ? 1 : 0);
  EXPECT_EQ(h.sink.yuv_writes() > 0, c.yuv);
}

INSTANTIATE_TEST_SUITE_P(Flips, CameraPipelineFlip,
                         ::testing::Values(FlipCase{false, false, 1, 100}, FlipCase{true, false, 1, 30},
                                           FlipCase{false, true, 1, 100}, FlipCase{false, false, 2, 100},
                                           FlipCase{false, true, 2, 30}, FlipCase{true, false, 2, 100},
                                           FlipCase{true, true, 1, 30}, FlipCase{true, true, 2, 30},
                                           FlipCase{false, false, 1, 100, true}, FlipCase{true, false, 1, 30, true},
                                           FlipCase{false, true, 2, 30, true}, FlipCase{true, true, 2, 30, true}));

void expect_near(cv::Vec3b got, cv::Vec3b want, int tolerance) {
  for (int ch = 0; ch < 3; ++ch) EXPECT_NEAR(got[ch], want[ch], tolerance) << got << " vs " << want;
}

// A source that delivers YUV (issue 12) keeps its frames in YUV to the sinks
// when the compositor has a YUV path, resized when the camera's size is not
// the output's; with an effect that needs BGR they become BGR on the way.
TEST(CameraPipeline, YuvFramesStayYuvToTheSinks) {
  for (const int scale : {1, 2}) {
    Harness h;
    h.source.yuv = true;
    h.source.scale = scale;
    PipelineOptions o;
    o.max_frames = 12;
    h.start(o, solid({0, 0, 255}));
    h.runner.join();
    if (h.error) std::rethrow_exception(h.error);
    EXPECT_EQ(h.sink.count(), 12);
    EXPECT_TRUE(h.sink.yuv_from_the_first_on()) << "YUV from the first camera frame on (black frames before)";
    expect_near(h.sink.last(), cv::Vec3b(0, 0, 255), 2);
  }
}

// Portrait light and auto-framing have YUV paths too (issue 13): with
// either or both the frames stay YUV, cropped from a larger capture when
// framing. (A flat frame has no person: the output is the background colour,
// dimmed by the light's 0.85 at strength 50, and framing shows the whole view.)
TEST(CameraPipeline, YuvFramesStayYuvWithLightAndFraming) {
  struct Case {
    int light;
    bool framing;
    cv::Vec3b want;
  };
  for (const Case& c : {Case{50, false, {0, 0, 217}}, Case{0, true, {0, 0, 255}}, Case{50, true, {0, 0, 217}}}) {
    SCOPED_TRACE(testing::Message() << "light " << c.light << " framing " << c.framing);
    Harness h;
    h.source.yuv = true;
    h.source.scale = c.framing ? 2 : 1;
    PipelineOptions o;
    o.max_frames = 12;
    o.framing = {c.framing, 2.0};
    compose::ComposeSettings settings = solid({0, 0, 255});
    settings.light = c.light;
    h.start(o, settings);
    h.runner.join();
    if (h.error) std::rethrow_exception(h.error);
    EXPECT_EQ(h.sink.count(), 12);
    EXPECT_TRUE(h.sink.yuv_from_the_first_on()) << "YUV from the first camera frame on (black frames before)";
    expect_near(h.sink.last(), c.want, 4);
  }
}

TEST(CameraPipeline, YuvFramesBecomeBgrForEffectsThatNeedIt) {
  Harness h;
  h.source.yuv = true;
  PipelineOptions o;
  o.max_frames = 12;
  compose::ComposeSettings denoised = solid({0, 0, 255});
  denoised.denoise = 50;
  h.start(o, denoised);
  h.runner.join();
  if (h.error) std::rethrow_exception(h.error);
  EXPECT_EQ(h.sink.count(), 12);
  EXPECT_EQ(h.sink.yuv_writes(), 0);
}

TEST(CameraPipeline, LostInputKeepsTheOutputAliveAndReconnects) {
  Harness h;
  PipelineOptions o;
  o.fps = 50;
  compose::ComposeSettings pass;
  pass.background = compose::BackgroundKind::none;  // output = input, so the colour tells where frames come from
  h.start(o, pass);
  h.source.failures_before_open = 2;  // once lost, the webcam stays away for a while
  h.source.lose_after = 5;
  wait_until([&] { return h.source.opens == 1 && h.source.alive == 0; }, "the input to be dropped after the loss");
  // While the input is away the output keeps being written (last frame repeated).
  const int during = h.sink.count();
  wait_until([&] { return h.sink.count() >= during + 10 || h.source.opens == 2; }, "frames while the input is gone");
  h.source.colour = 200;
  wait_until([&] { return h.source.opens == 2; }, "the input to be reopened");
  wait_until([&] { return h.sink.last() == cv::Vec3b(200, 200, 200); }, "frames from the reopened input");
  EXPECT_EQ(h.source.failures_before_open, 0);
  EXPECT_FALSE(h.error);
}

TEST(CameraPipeline, InputAbsentAtStartIsWaitedFor) {
  Harness h;
  PipelineOptions o;
  o.fps = 50;
  compose::ComposeSettings pass;
  pass.background = compose::BackgroundKind::none;
  h.source.failures_before_open = 2;  // the webcam appears on the third try
  h.start(o, pass, true);
  // The virtual camera is alive (black) while the webcam is away.
  wait_until([&] { return h.sink.count() >= 3; }, "frames before the webcam appears");
  EXPECT_EQ(h.sink.last(), cv::Vec3b(0, 0, 0));
  wait_until([&] { return h.source.opens == 1; }, "the webcam to be opened once it appears");
  wait_until([&] { return h.sink.last() == cv::Vec3b(100, 100, 100); }, "frames from the webcam");
  EXPECT_EQ(h.source.failures_before_open, 0);
  EXPECT_FALSE(h.error);
}

// The demand itself (settle, grace) is output::ConsumerDemand's; here, what
// the pipeline does with it.
TEST(CameraPipeline, NoDemandReleasesTheInputAndDemandBringsItBack) {
  Harness h;
  PipelineOptions o;
  compose::ComposeSettings pass;
  pass.background = compose::BackgroundKind::none;
  h.start(o, pass);
  wait_until([&] { return h.sink.last() == cv::Vec3b(100, 100, 100); }, "frames while watched");
  h.pipeline->set_demand(false, 0);
  wait_until([&] { return h.source.alive == 0; }, "the input to be released");
  wait_until([&] { return h.sink.last() == cv::Vec3b(0, 0, 0); }, "black frames while idle");
  EXPECT_TRUE(h.pipeline->snapshot().idle);
  const int opens_before = h.source.opens;
  h.pipeline->set_demand(true, 1);
  wait_until([&] { return h.source.opens == opens_before + 1 && h.source.alive == 1; }, "the input to be reopened");
  wait_until([&] { return h.sink.last() == cv::Vec3b(100, 100, 100); }, "frames again");
  EXPECT_FALSE(h.pipeline->snapshot().idle);
}

TEST(CameraPipeline, PausedIdlesEvenWithDemand) {
  Harness h;
  PipelineOptions o;
  compose::ComposeSettings pass;
  pass.background = compose::BackgroundKind::none;
  h.start(o, pass);
  wait_until([&] { return h.sink.last() == cv::Vec3b(100, 100, 100); }, "frames while watched");
  h.pipeline->set_paused(true);
  wait_until([&] { return h.source.alive == 0; }, "the input to be released while paused");
  h.pipeline->set_demand(true, 2);  // a reader comes: still paused
  wait_until([&] { return h.sink.last() == cv::Vec3b(0, 0, 0); }, "black frames while paused");
  EXPECT_EQ(h.source.alive, 0);
  h.pipeline->set_paused(false);
  wait_until([&] { return h.source.alive == 1 && h.sink.last() == cv::Vec3b(100, 100, 100); }, "frames after resuming");
}

TEST(CameraPipeline, ReloadSwapsTheBackgroundImage) {
  const auto dir = test::scratch_dir("pipeline-reload");
  const auto image = dir / "background.png";
  cv::imwrite(image.string(), cv::Mat(kSize, CV_8UC3, cv::Scalar(255, 0, 0)));
  Harness h;
  compose::ComposeSettings c;
  c.background = compose::BackgroundKind::image;
  c.image_path = image;
  h.start(PipelineOptions{}, c);
  wait_until([&] { return h.sink.last() == cv::Vec3b(255, 0, 0); }, "the first background");
  cv::imwrite(image.string(), cv::Mat(kSize, CV_8UC3, cv::Scalar(0, 255, 0)));
  h.pipeline->request_reload();
  wait_until([&] { return h.sink.last() == cv::Vec3b(0, 255, 0); }, "the reloaded background");
  // A broken file on reload keeps the current image.
  { std::ofstream(image) << "garbage"; }
  h.pipeline->request_reload();
  const int after = h.sink.count();
  wait_until([&] { return h.sink.count() > after + 5; }, "more frames");
  EXPECT_EQ(h.sink.last(), cv::Vec3b(0, 255, 0));
  EXPECT_FALSE(h.error);
}

}  // namespace
}  // namespace fakecam::app
