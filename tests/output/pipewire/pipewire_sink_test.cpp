// SPDX-License-Identifier: GPL-3.0-or-later
// The PipeWire camera against a real daemon: each test starts its own private
// pipewire + wireplumber (PrivatePipeWire) and reads the node with real
// clients (GStreamer's pipewiresrc; ffmpeg through pw-v4l2). No timing
// assertions: waits are loops with generous hang guards.

#include <gtest/gtest.h>

#include <poll.h>

#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <set>
#include <thread>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "common/yuv_image.hpp"
#include "output/pipewire/gst_consumer.hpp"
#include "output/pipewire/pipewire_sink.hpp"
#include "output/pipewire/private_pipewire.hpp"
#include "support/run_command.hpp"
#include "support/scoped_env.hpp"
#include "support/test_paths.hpp"

namespace fakecam::output {
namespace {

using namespace std::chrono_literals;

constexpr int kWidth = 320;  // a multiple of 4: GStreamer's BGR rows are unpadded
constexpr int kHeight = 240;
constexpr int kFps = 30;

PipeWireOptions options(const std::string& name = "fakecam") {
  PipeWireOptions o;
  o.width = kWidth;
  o.height = kHeight;
  o.fps = kFps;
  o.name = name;
  o.description = "fakecam test camera";
  return o;
}

// Four colours, one per quadrant: a wrong layout, plane order, channel order
// or size shows up as wrong colours in some quadrant.
const cv::Scalar kQuadrantColours[] = {
    {0, 0, 255},     // top left: red
    {0, 255, 0},     // top right: green
    {255, 0, 0},     // bottom left: blue
    {40, 160, 220},  // bottom right: orange-ish
};

cv::Rect quadrant(int i) { return {(i % 2) * kWidth / 2, (i / 2) * kHeight / 2, kWidth / 2, kHeight / 2}; }

cv::Mat quadrant_frame() {
  cv::Mat img(kHeight, kWidth, CV_8UC3);
  for (int i = 0; i < 4; ++i) img(quadrant(i)).setTo(kQuadrantColours[i]);
  return img;
}

// Checks the middle of each quadrant (away from edges, where 4:2:x chroma
// mixes neighbours). YUV round trips stay within a few levels.
void expect_quadrants(const cv::Mat& frame, const std::string& what) {
  ASSERT_EQ(frame.size(), cv::Size(kWidth, kHeight)) << what;
  for (int i = 0; i < 4; ++i) {
    const cv::Rect q = quadrant(i);
    const cv::Rect inner(q.x + q.width / 4, q.y + q.height / 4, q.width / 2, q.height / 2);
    const cv::Scalar mean = cv::mean(frame(inner));
    for (int c = 0; c < 3; ++c) {
      EXPECT_NEAR(mean[c], kQuadrantColours[i][c], 10) << what << ": quadrant " << i << " channel " << c;
    }
  }
}

template <typename Pred>
bool wait_until(Pred pred, std::chrono::seconds guard = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + guard;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// Writes a frame at the frame rate from its own thread, as the app's output
// thread does, and notes what it saw.
class Feeder {
 public:
  Feeder(PipeWireSink& sink, cv::Mat frame) : sink_(sink), frame_(std::move(frame)) {
    thread_ = std::thread([this] { run(); });
  }
  // Writes with write_yuv instead.
  Feeder(PipeWireSink& sink, YuvImage frame) : sink_(sink), yuv_(std::move(frame)) {
    thread_ = std::thread([this] { run(); });
  }
  ~Feeder() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::set<PixelFormat> formats_seen() {
    std::lock_guard lock(mutex_);
    return formats_;
  }
  int max_readers() const { return max_readers_; }
  int max_shared_buffers() const { return max_memfd_; }
  std::string error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  void run() {
    while (!stop_) {
      try {
        if (yuv_.empty()) {
          sink_.write(frame_);
        } else {
          sink_.write_yuv(yuv_);
        }
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        error_ = e.what();
      }
      if (auto f = sink_.negotiated_format()) {
        std::lock_guard lock(mutex_);
        formats_.insert(*f);
      }
      max_readers_ = std::max(max_readers_.load(), sink_.readers());
      max_memfd_ = std::max(max_memfd_.load(), sink_.shared_memory_buffers());
      std::this_thread::sleep_for(std::chrono::milliseconds(1000 / kFps));
    }
  }

  PipeWireSink& sink_;
  cv::Mat frame_;
  YuvImage yuv_;
  std::atomic<bool> stop_{false};
  std::atomic<int> max_readers_{0};
  std::atomic<int> max_memfd_{0};
  std::mutex mutex_;
  std::set<PixelFormat> formats_;
  std::string error_;
  std::thread thread_;
};

// --- no daemon ---------------------------------------------------------------

TEST(PipeWireSink, MissingDaemonIsAClearError) {
  const auto empty = test::scratch_dir("pw-no-daemon");
  test::ScopedEnv remote("PIPEWIRE_REMOTE", nullptr);
  test::ScopedEnv pw_dir("PIPEWIRE_RUNTIME_DIR", nullptr);
  test::ScopedEnv xdg("XDG_RUNTIME_DIR", empty.c_str());
  try {
    open_pipewire(options());
    FAIL() << "open_pipewire succeeded without a daemon";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find((empty / "pipewire-0").string()), std::string::npos) << message;
    EXPECT_NE(message.find("XDG_RUNTIME_DIR"), std::string::npos) << message;
    EXPECT_NE(message.find("PIPEWIRE_REMOTE"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(PipeWireSink, NoRuntimeDirIsAClearError) {
  test::ScopedEnv remote("PIPEWIRE_REMOTE", nullptr);
  test::ScopedEnv pw_dir("PIPEWIRE_RUNTIME_DIR", nullptr);
  test::ScopedEnv xdg("XDG_RUNTIME_DIR", nullptr);
  try {
    open_pipewire(options());
    FAIL() << "open_pipewire succeeded without a runtime directory";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("XDG_RUNTIME_DIR is not set"), std::string::npos) << message;
    EXPECT_NE(message.find("PIPEWIRE_REMOTE"), std::string::npos) << message;
  }
}

TEST(PipeWireSink, BadSizesAreRefusedBeforeConnecting) {
  auto o = options();
  o.width = 321;
  EXPECT_THROW(open_pipewire(o), Error);
  o = options();
  o.fps = 0;
  EXPECT_THROW(open_pipewire(o), Error);
}

// --- a private daemon ----------------------------------------------------------

TEST(PipeWireSink, PublishesACameraNode) {
  test::PrivatePipeWire pw("node");
  auto sink = open_pipewire(options());
  ASSERT_TRUE(sink->connected());
  ASSERT_TRUE(sink->node_id());
  const std::string nodes = pw.list_objects("Node");
  EXPECT_NE(nodes.find("node.name = \"fakecam\""), std::string::npos) << nodes;
  EXPECT_NE(nodes.find("media.class = \"Video/Source\""), std::string::npos) << nodes;
  EXPECT_NE(nodes.find("media.role = \"Camera\""), std::string::npos) << nodes;
  EXPECT_NE(nodes.find("node.description = \"fakecam test camera\""), std::string::npos) << nodes;
  EXPECT_NE(sink->description().find("'fakecam' 320x240 @30"), std::string::npos) << sink->description();
  EXPECT_NE(sink->description().find(pw.socket_path().string()), std::string::npos) << sink->description();
}

// A private daemon, `frame` written at the frame rate (a cv::Mat with write(),
// a YuvImage with write_yuv()), and GStreamer reading `frames` of them in
// `format`: each must show the quadrants, through memfd shared memory.
// `tag`: the daemon's directory, one per test (tests may run in parallel).
template <class Frame>
void expect_gstreamer_reads(const std::string& tag, PixelFormat format, const Frame& frame, int frames) {
  const std::string name(pipewire::video_format_name(format));
  test::PrivatePipeWire pw(tag + "-" + name);
  auto sink = open_pipewire(options());
  Feeder feeder(*sink, frame);
  const auto capture = test::capture_with_gst("fakecam", name, frames, {kWidth, kHeight}, pw.work_dir() / "out.bgr");
  feeder.stop();
  ASSERT_EQ(capture.run.exit_code, 0) << capture.run.err << capture.run.out << pw.logs();
  EXPECT_EQ(feeder.error(), "");
  EXPECT_EQ(capture.file_bytes, static_cast<std::size_t>(frames) * kWidth * kHeight * 3);
  ASSERT_EQ(capture.frames.size(), static_cast<std::size_t>(frames));
  for (std::size_t i = 0; i < capture.frames.size(); ++i) {
    expect_quadrants(capture.frames[i], name + " frame " + std::to_string(i));
  }
  EXPECT_EQ(feeder.formats_seen(), std::set<PixelFormat>{format});
  EXPECT_GE(sink->frames_sent(), static_cast<std::uint64_t>(frames));
  // The frames went through memfd shared memory, not through the socket.
  EXPECT_GT(feeder.max_shared_buffers(), 0);
}

std::string format_param_name(const ::testing::TestParamInfo<PixelFormat>& info) {
  return std::string(pipewire::video_format_name(info.param));
}

class PipeWireFormats : public ::testing::TestWithParam<PixelFormat> {};

TEST_P(PipeWireFormats, GstreamerReadsTheFramesWritten) {
  expect_gstreamer_reads("fmt", GetParam(), quadrant_frame(), 8);
}

INSTANTIATE_TEST_SUITE_P(AllOffered, PipeWireFormats,
                         ::testing::Values(PixelFormat::yuyv, PixelFormat::i420, PixelFormat::nv12, PixelFormat::rgb24,
                                           PixelFormat::bgr24, PixelFormat::bgrx),
                         format_param_name);

// write_yuv's path through a real consumer: a format that takes the planes
// repacked, and one that decodes them to RGB (every format's bytes:
// pipewire_format_test).
class PipeWireYuvFrames : public ::testing::TestWithParam<PixelFormat> {};

TEST_P(PipeWireYuvFrames, GstreamerReadsTheYuvFramesWritten) {
  YuvImage frame;
  bgr_to_yuv(quadrant_frame(), frame);
  expect_gstreamer_reads("yuv", GetParam(), frame, 4);
}

INSTANTIATE_TEST_SUITE_P(RepackedAndDecoded, PipeWireYuvFrames,
                         ::testing::Values(PixelFormat::i420, PixelFormat::rgb24), format_param_name);

TEST(PipeWireSink, OnDemandIdlesWithoutAConsumer) {
  test::PrivatePipeWire pw("demand");
  auto sink = open_pipewire(options());
  const cv::Mat frame = quadrant_frame();

  // Nobody linked: no readers, and write() sends (and converts) nothing.
  EXPECT_EQ(sink->readers(), 0);
  for (int i = 0; i < 10; ++i) sink->write(frame);
  EXPECT_EQ(sink->frames_sent(), 0u);
  EXPECT_EQ(sink->dropped_frames(), 0u);
  EXPECT_FALSE(sink->negotiated_format());
  EXPECT_EQ(sink->shared_memory_buffers(), 0);

  // A consumer: readers() rises while it streams, frames arrive.
  auto consumer = std::async(std::launch::async, [&] {
    return test::capture_with_gst("fakecam", "", 5, {kWidth, kHeight}, pw.work_dir() / "out.bgr");
  });
  ASSERT_TRUE(wait_until([&] { return sink->readers() > 0; })) << pw.logs();
  EXPECT_EQ(sink->readers(), 1);
  Feeder feeder(*sink, frame);
  const auto capture = consumer.get();
  ASSERT_EQ(capture.run.exit_code, 0) << capture.run.err << pw.logs();
  EXPECT_EQ(capture.frames.size(), 5u);

  // It left: back to idle, and write() sends nothing again.
  ASSERT_TRUE(wait_until([&] { return sink->readers() == 0; })) << pw.list_objects("Link");
  feeder.stop();
  const auto sent = sink->frames_sent();
  for (int i = 0; i < 10; ++i) sink->write(frame);
  EXPECT_EQ(sink->frames_sent(), sent);
}

// Whether the sink's wakeup descriptor turns readable within `ms`.
bool wakes_within(PipeWireSink& sink, int ms) {
  pollfd p{sink.wakeup().fd, sink.wakeup().events, 0};
  return ::poll(&p, 1, ms) > 0;
}

TEST(PipeWireSink, WakeupTurnsReadableWhenAConsumerComes) {
  test::PrivatePipeWire pw("wake");
  auto sink = open_pipewire(options());
  EXPECT_FALSE(wakes_within(*sink, 50));  // nothing happens on its own
  Feeder feeder(*sink, quadrant_frame());
  auto consumer = std::async(std::launch::async, [&] {
    return test::capture_with_gst("fakecam", "", 3, {kWidth, kHeight}, pw.work_dir() / "out.bgr");
  });
  bool woke = false;
  for (int i = 0; i < 300 && sink->readers() == 0; ++i) woke = wakes_within(*sink, 100) || woke;
  EXPECT_TRUE(woke);
  EXPECT_GT(feeder.max_readers() + sink->readers(), 0);
  EXPECT_EQ(consumer.get().run.exit_code, 0);
}

TEST(PipeWireSink, CountsTwoConsumers) {
  test::PrivatePipeWire pw("two");
  auto sink = open_pipewire(options());
  Feeder feeder(*sink, quadrant_frame());
  // Enough frames that both are still reading while the other starts.
  auto a = std::async(std::launch::async, [&] {
    return test::capture_with_gst("fakecam", "I420", 90, {kWidth, kHeight}, pw.work_dir() / "a.bgr");
  });
  auto b = std::async(std::launch::async, [&] {
    return test::capture_with_gst("fakecam", "I420", 90, {kWidth, kHeight}, pw.work_dir() / "b.bgr");
  });
  ASSERT_TRUE(wait_until([&] { return sink->readers() == 2 || feeder.max_readers() == 2; })) << pw.list_objects("Link");
  const auto ra = a.get();
  const auto rb = b.get();
  EXPECT_EQ(ra.run.exit_code, 0) << ra.run.err;
  EXPECT_EQ(rb.run.exit_code, 0) << rb.run.err;
  EXPECT_EQ(ra.frames.size(), 90u);
  EXPECT_EQ(rb.frames.size(), 90u);
  expect_quadrants(rb.frames.back(), "second consumer");
}

// SIGTERM: systemctl --user restart pipewire. SIGKILL: a crash (the socket
// stays behind, dead, until the new daemon replaces it).
class PipeWireRestart : public ::testing::TestWithParam<int> {};

TEST_P(PipeWireRestart, SinkReconnectsAndANewConsumerGetsFrames) {
  const int signal = GetParam();
  test::PrivatePipeWire pw(signal == SIGKILL ? "crash" : "restart");
  auto o = options();
  o.reconnect_interval = 200ms;
  auto sink = open_pipewire(o);
  Feeder feeder(*sink, quadrant_frame());
  const auto before = test::capture_with_gst("fakecam", "", 3, {kWidth, kHeight}, pw.work_dir() / "before.bgr");
  ASSERT_EQ(before.run.exit_code, 0) << before.run.err << pw.logs();
  ASSERT_EQ(before.frames.size(), 3u);

  pw.stop_daemon(signal);
  ASSERT_TRUE(wait_until([&] { return !sink->connected(); })) << "the sink did not notice the daemon went away";
  EXPECT_EQ(sink->readers(), 0);
  // Writing while the daemon is gone is harmless.
  sink->write(quadrant_frame());
  // A new sink now would be told why it cannot connect.
  try {
    open_pipewire(options("fakecam-2"));
    ADD_FAILURE() << "opened a sink with the daemon down";
  } catch (const Error& e) {
    const std::string why = signal == SIGKILL ? "nothing answers there" : "no such socket";
    EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
  }
  // Long enough for some reconnection attempts to fail first.
  std::this_thread::sleep_for(3 * o.reconnect_interval);

  pw.start_daemon();
  ASSERT_TRUE(wait_until([&] { return sink->connected() && sink->node_id().has_value(); })) << pw.logs();
  ASSERT_TRUE(wait_until([&] { return pw.node_serial("fakecam").has_value(); })) << pw.list_objects("Node");
  const auto after = test::capture_with_gst("fakecam", "", 3, {kWidth, kHeight}, pw.work_dir() / "after.bgr");
  feeder.stop();
  ASSERT_EQ(after.run.exit_code, 0) << after.run.err << pw.logs();
  ASSERT_EQ(after.frames.size(), 3u);
  expect_quadrants(after.frames.back(), "after the restart");
  EXPECT_EQ(feeder.error(), "");
}

INSTANTIATE_TEST_SUITE_P(Daemon, PipeWireRestart, ::testing::Values(SIGTERM, SIGKILL), [](const auto& param_info) {
  return std::string(param_info.param == SIGKILL ? "Crash" : "Restart");
});

TEST(PipeWireSink, TargetBySerialWorks) {
  test::PrivatePipeWire pw("serial");
  auto sink = open_pipewire(options("fakecam-serial"));
  const auto serial = pw.node_serial("fakecam-serial");
  ASSERT_TRUE(serial) << pw.list_objects("Node");
  Feeder feeder(*sink, quadrant_frame());
  const auto capture = test::capture_with_gst(*serial, "", 2, {kWidth, kHeight}, pw.work_dir() / "out.bgr");
  ASSERT_EQ(capture.run.exit_code, 0) << capture.run.err;
  EXPECT_EQ(capture.frames.size(), 2u);
}

// A V4L2-only program: ffmpeg opening /dev/video0 through PipeWire's pw-v4l2
// wrapper (Debian pipewire-v4l2), which maps V4L2 calls onto a PipeWire
// stream; no /dev/video* exists on this host, so every frame came from the
// node. PIPEWIRE_V4L2_TARGET picks our node by serial.
class PipeWireV4l2 : public ::testing::TestWithParam<std::string> {};

TEST_P(PipeWireV4l2, FfmpegReadsTheCamera) {
  const std::string input_format = GetParam();
  test::PrivatePipeWire pw("v4l2-" + (input_format.empty() ? std::string("default") : input_format));
  auto sink = open_pipewire(options());
  const auto serial = pw.node_serial("fakecam");
  ASSERT_TRUE(serial) << pw.list_objects("Node");
  Feeder feeder(*sink, quadrant_frame());
  const auto out = pw.work_dir() / "ffmpeg.bgr";
  std::vector<std::string> argv = {"/usr/bin/pw-v4l2", "/usr/bin/ffmpeg", "-hide_banner", "-nostdin", "-f", "v4l2"};
  if (!input_format.empty()) {
    argv.push_back("-input_format");
    argv.push_back(input_format);
  }
  for (const char* a : {"-i", "/dev/video0", "-frames:v", "5", "-f", "rawvideo", "-pix_fmt", "bgr24", "-y"}) {
    argv.emplace_back(a);
  }
  argv.push_back(out.string());
  const auto run = test::run_command(argv, 60, {"PIPEWIRE_V4L2_TARGET=" + *serial});
  feeder.stop();
  ASSERT_EQ(run.exit_code, 0) << run.err << pw.logs();
  EXPECT_NE(run.err.find("320x240"), std::string::npos) << run.err;
  std::ifstream in(out, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t frame_bytes = static_cast<std::size_t>(kWidth) * kHeight * 3;
  ASSERT_EQ(bytes.size(), 5 * frame_bytes);
  for (int i = 0; i < 5; ++i) {
    cv::Mat frame(kHeight, kWidth, CV_8UC3);
    std::copy_n(bytes.data() + i * frame_bytes, frame_bytes, frame.data);
    expect_quadrants(frame, "ffmpeg frame " + std::to_string(i));
  }
  EXPECT_EQ(feeder.formats_seen().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Pw, PipeWireV4l2, ::testing::Values(std::string(), std::string("yuyv422")),
                         [](const auto& param_info) {
                           return param_info.param.empty() ? std::string("DefaultFormat") : param_info.param;
                         });

}  // namespace
}  // namespace fakecam::output
