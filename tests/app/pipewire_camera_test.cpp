// `fakecam` as a PipeWire camera, end to end: the real program publishing its
// node on a private pipewire + wireplumber (tests/output/pipewire's
// PrivatePipeWire), read by real clients (gst-launch pipewiresrc; ffmpeg
// through pw-v4l2). Also the command line that selects it. No timing
// assertions: waits are loops with generous hang guards, and the measured
// time to the first frame is printed, not checked.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/cli.hpp"
#include "common/error.hpp"
#include "output/pipewire/gst_consumer.hpp"
#include "output/pipewire/private_pipewire.hpp"
#include "support/scoped_env.hpp"
#include "support/person_regions.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"
#include "support/y4m_reader.hpp"

extern char** environ;

namespace fakecam::test {
namespace {

using namespace std::chrono_literals;

const std::filesystem::path kPerson = data_dir() / "selfie-ref" / "landscape" / "grace_hopper.png";
const std::filesystem::path kPersonMask = data_dir() / "selfie-ref" / "landscape" / "grace_hopper_ref.png";
const cv::Size kSize(512, 288);  // 16:9 like the photo; a multiple of 4 for GStreamer's BGR rows
const cv::Vec3b kGreen(0, 255, 0);  // BGR

// ---- the command line ---------------------------------------------------------

struct Parsed {
  app::CommandLine cli;
};

std::unique_ptr<Parsed> parse(std::vector<std::string> args) {
  auto p = std::make_unique<Parsed>();
  app::build_command_line(p->cli);
  std::vector<const char*> argv{"fakecam"};
  for (auto& a : args) argv.push_back(a.c_str());
  p->cli.app->parse(static_cast<int>(argv.size()), argv.data());
  app::finish_settings(p->cli);
  return p;
}

TEST(PipeWireCli, VPipewireMeansPipeWireOnly) {
  const auto p = parse({"-v", "pipewire:"});
  EXPECT_TRUE(p->cli.settings.pipewire);
  EXPECT_TRUE(app::pipewire_only(p->cli.settings));
  EXPECT_EQ(p->cli.settings.pipewire_name, "fakecam");

  const auto named = parse({"-v", "pipewire:studio-cam"});
  EXPECT_TRUE(named->cli.settings.pipewire);
  EXPECT_TRUE(app::pipewire_only(named->cli.settings));
  EXPECT_EQ(named->cli.settings.pipewire_name, "studio-cam");
}

TEST(PipeWireCli, FlagAloneIsPipeWireOnlyAndBesideADeviceItIsBoth) {
  // No -v: the default /dev/video2 is not opened (no kernel module needed).
  const auto alone = parse({"--pipewire", "--pipewire-name", "cam2"});
  EXPECT_TRUE(alone->cli.settings.pipewire);
  EXPECT_TRUE(app::pipewire_only(alone->cli.settings));
  EXPECT_EQ(alone->cli.settings.pipewire_name, "cam2");

  const auto both = parse({"--pipewire", "-v", "/dev/video10"});
  EXPECT_TRUE(both->cli.settings.pipewire);
  EXPECT_FALSE(app::pipewire_only(both->cli.settings));
  EXPECT_EQ(both->cli.settings.v4l2loopback_path, "/dev/video10");

  const auto without = parse({"-v", "/dev/video10"});
  EXPECT_FALSE(without->cli.settings.pipewire);
  EXPECT_FALSE(app::pipewire_only(without->cli.settings));
}

TEST(PipeWireCli, ContradictionsAreOneLineErrors) {
  const struct {
    std::vector<std::string> args;
    const char* expected;
  } cases[] = {
      {{"-v", "pipewire:a", "--pipewire-name", "b"}, "two names"},
      {{"-v", "pipewire:", "--akvcam"}, "--akvcam"},
      {{"--pipewire", "--pipewire-name", "my cam"}, "my cam"},
  };
  for (const auto& c : cases) {
    try {
      parse(c.args);
      ADD_FAILURE() << c.expected << ": accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
  }
}

TEST(PipeWireCli, ConfigKeysAndDumpReadBack) {
  const auto dir = scratch_dir("pw-cli-config");
  const auto config = dir / "fakecam.ini";
  { std::ofstream(config) << "pipewire = true\npipewire-name = from-config\n"; }
  const auto p = parse({"-c", config.string()});
  EXPECT_TRUE(p->cli.settings.pipewire);
  EXPECT_TRUE(app::pipewire_only(p->cli.settings));
  EXPECT_EQ(p->cli.settings.pipewire_name, "from-config");

  // Each way of asking dumps a config that reads back as the same outputs.
  const std::vector<std::vector<std::string>> asks = {
      {"-v", "pipewire:dumped"}, {"--pipewire"}, {"--pipewire", "-v", "/dev/video10"}, {"-v", "/dev/video10"}};
  for (const auto& ask : asks) {
    const auto first = parse(ask);
    const std::string dumped = app::dump_config(first->cli);
    const auto file = dir / "dumped.ini";
    { std::ofstream(file) << dumped; }
    const auto second = parse({"-c", file.string()});
    const app::Settings& a = first->cli.settings;
    const app::Settings& b = second->cli.settings;
    EXPECT_EQ(a.pipewire, b.pipewire) << dumped;
    EXPECT_EQ(a.pipewire_name, b.pipewire_name) << dumped;
    EXPECT_EQ(a.v4l2loopback_path, b.v4l2loopback_path) << dumped;
    EXPECT_EQ(app::pipewire_only(a), app::pipewire_only(b)) << dumped;
  }
}

// ---- the running program --------------------------------------------------------

// A program running in the background with its stdout and stderr in a file,
// stopped (SIGTERM, then SIGKILL) when the object goes.
class Background {
 public:
  Background(const std::vector<std::string>& argv, std::filesystem::path log) : log_(std::move(log)) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int rc = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  }
  ~Background() { stop(); }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  pid_t pid() const { return pid_; }
  // Still the same process, not exited.
  bool running() {
    if (status_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
    return !status_;
  }
  // Exit status as waitpid gives it.
  int stop(int signal = SIGTERM) {
    if (!status_ && running()) {
      ::kill(pid_, signal);
      for (int i = 0; i < 600 && running(); ++i) std::this_thread::sleep_for(50ms);  // 30 s hang guard
      if (running()) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        status_ = status;
      }
    }
    return status_.value_or(-1);
  }
  std::string log() const {
    std::ifstream in(log_);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  std::size_t count_in_log(const std::string& text) const {
    const std::string all = log();
    std::size_t n = 0;
    for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + 1)) ++n;
    return n;
  }

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
  std::optional<int> status_;
};

template <typename Pred>
bool wait_until(Pred pred, std::chrono::seconds guard = 60s) {
  const auto deadline = std::chrono::steady_clock::now() + guard;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// Certainly person / certainly background (tests/support/person_regions.hpp).
const test::PersonRegions& regions() {
  static const test::PersonRegions r = test::person_regions(kPersonMask, kSize);
  return r;
}

enum class FrameKind { black, composed, wrong };

// What a frame from the camera shows: black (the virtual camera's picture
// until the first composed frame, and while idle), the composed picture
// (every background pixel the solid green of -b, the person not green), or
// anything else.
FrameKind classify(const cv::Mat& frame) {
  double max = 0;
  cv::minMaxLoc(frame.reshape(1), nullptr, &max);
  if (max <= 20) return FrameKind::black;
  const test::PersonRegions& r = regions();
  cv::Mat green;
  cv::inRange(frame, cv::Scalar(0, 235, 0), cv::Scalar(20, 255, 20), green);
  if (cv::countNonZero(r.background & ~green) != 0) return FrameKind::wrong;
  const cv::Scalar person = cv::mean(frame, r.person);
  if (std::abs(person[1] - 255) + person[0] + person[2] <= 150) return FrameKind::wrong;
  return FrameKind::composed;
}

// Checks a run of camera frames: each black or composed, black only before
// the first composed one, and the last composed. Returns how many were
// composed.
int expect_black_then_composed(const std::vector<cv::Mat>& frames, const std::string& what) {
  int composed = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].size(), kSize) << what << " frame " << i;
    const FrameKind kind = classify(frames[i]);
    EXPECT_NE(kind, FrameKind::wrong) << what << " frame " << i << " is neither black nor the composed picture";
    if (kind == FrameKind::black) {
      EXPECT_EQ(composed, 0) << what << " frame " << i << " is black after a composed one";
    }
    if (kind == FrameKind::composed) ++composed;
  }
  EXPECT_FALSE(frames.empty()) << what;
  if (!frames.empty()) {
    EXPECT_EQ(classify(frames.back()), FrameKind::composed) << what << ": the last frame";
  }
  return composed;
}

struct Fixture {
  std::filesystem::path background;  // a solid green image
  std::filesystem::path socket;      // the control socket
};

Fixture make_fixture(const PrivatePipeWire& pw) {
  Fixture f;
  f.background = pw.work_dir() / "green.png";
  cv::imwrite(f.background.string(), cv::Mat(90, 160, CV_8UC3, cv::Scalar(kGreen)));
  f.socket = pw.work_dir() / "ctl.sock";
  return f;
}

std::vector<std::string> fakecam_args(const Fixture& f, std::vector<std::string> extra) {
  std::vector<std::string> args = {fakecam_binary().string(), "--input", kPerson.string(), "-W",
                                   std::to_string(kSize.width), "-H", std::to_string(kSize.height), "-F", "15",
                                   "-b", f.background.string(), "--control-socket", f.socket.string(),
                                   "--no-status"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string ctl_status(const Fixture& f) {
  return run_command({fakecam_binary().string(), "ctl", "--socket", f.socket.string(), "status"}, 60).out;
}

// Waits until fakecam has published its node in the private daemon.
void wait_for_node(PrivatePipeWire& pw, Background& camera, const std::string& name = "fakecam") {
  ASSERT_TRUE(wait_until([&] { return pw.node_serial(name).has_value() || !camera.running(); }))
      << camera.log() << pw.list_objects("Node");
  ASSERT_TRUE(camera.running()) << camera.log();
}

TEST(PipeWireCamera, GstreamerGetsTheComposedPicture) {
  PrivatePipeWire pw("app-frames");
  const Fixture f = make_fixture(pw);
  Background camera(fakecam_args(f, {"-v", "pipewire:"}), pw.work_dir() / "fakecam.log");
  wait_for_node(pw, camera);
  const std::string nodes = pw.list_objects("Node");
  EXPECT_NE(nodes.find("media.class = \"Video/Source\""), std::string::npos) << nodes;
  EXPECT_NE(nodes.find("media.role = \"Camera\""), std::string::npos) << nodes;
  EXPECT_NE(nodes.find("node.description = \"fakecam\""), std::string::npos) << nodes;

  constexpr int kFrames = 60;
  const auto capture = capture_with_gst("fakecam", "", kFrames, kSize, pw.work_dir() / "out.bgr");
  ASSERT_EQ(capture.run.exit_code, 0) << capture.run.err << camera.log() << pw.logs();
  EXPECT_EQ(capture.file_bytes, static_cast<std::size_t>(kFrames) * kSize.area() * 3);
  ASSERT_EQ(capture.frames.size(), static_cast<std::size_t>(kFrames));
  const int composed = expect_black_then_composed(capture.frames, "gst");
  std::printf("[ pipewire ] gst-launch: %d of %d frames composed (the rest black lead-in)\n", composed, kFrames);
  EXPECT_TRUE(camera.running()) << camera.log();
  EXPECT_EQ(camera.stop(), 0) << camera.log();
  const std::string log = camera.log();
  EXPECT_NE(log.find("output: PipeWire camera 'fakecam' 512x288 @15"), std::string::npos) << log;
  EXPECT_EQ(log.find("/dev/video"), std::string::npos) << "no V4L2 device is used:\n" << log;
}

// gst-launch reading the camera in the background into a file written as
// frames arrive, so the test can watch them come in.
class LiveConsumer {
 public:
  static constexpr std::size_t kFrameBytes = std::size_t{512} * 288 * 3;  // kSize, BGR
  LiveConsumer(const std::string& target, std::filesystem::path out, std::filesystem::path log)
      : out_(std::move(out)),
        process_({"/usr/bin/gst-launch-1.0", "-q", "pipewiresrc", "target-object=" + target, "!", "videoconvert", "!",
                  "video/x-raw,format=BGR", "!", "filesink", "buffer-mode=unbuffered", "location=" + out_.string()},
                 std::move(log)) {}

  // Whole frames written so far.
  std::vector<cv::Mat> frames() const {
    const std::size_t count = frame_count();
    std::vector<cv::Mat> frames;
    std::ifstream in(out_, std::ios::binary);
    for (std::size_t i = 0; i < count; ++i) {
      cv::Mat frame(kSize, CV_8UC3);
      if (!in.read(reinterpret_cast<char*>(frame.data), static_cast<std::streamsize>(kFrameBytes))) break;
      frames.push_back(frame);
    }
    return frames;
  }
  std::size_t frame_count() const { return bytes() / kFrameBytes; }
  // The newest whole frame (empty if none yet): cheap enough to poll, however
  // long the consumer has been writing.
  cv::Mat last_frame() const {
    const std::size_t count = frame_count();
    if (count == 0) return {};
    cv::Mat frame(kSize, CV_8UC3);
    std::ifstream in(out_, std::ios::binary);
    in.seekg(static_cast<std::streamoff>((count - 1) * kFrameBytes));
    if (!in.read(reinterpret_cast<char*>(frame.data), static_cast<std::streamsize>(kFrameBytes))) return {};
    return frame;
  }
  std::size_t bytes() const {
    std::error_code ec;
    const auto size = std::filesystem::file_size(out_, ec);
    return ec ? 0 : size;
  }
  Background& process() { return process_; }

 private:
  std::filesystem::path out_;
  Background process_;
};

TEST(PipeWireCamera, OnDemandIdlesWithoutAConsumerAndWakesForOne) {
  PrivatePipeWire pw("app-demand");
  const Fixture f = make_fixture(pw);
  Background camera(fakecam_args(f, {"-v", "pipewire:"}), pw.work_dir() / "fakecam.log");
  wait_for_node(pw, camera);
  constexpr const char* kReleased = "input released, idling";
  constexpr const char* kResumed = "reading the virtual camera: resuming";

  // Nobody reads the node: after the start-up grace the input is released
  // and nothing is processed.
  ASSERT_TRUE(wait_until([&] { return camera.count_in_log(kReleased) == 1; })) << camera.log();
  std::string status = ctl_status(f);
  EXPECT_NE(status.find("state: idle"), std::string::npos) << status;
  EXPECT_NE(status.find("readers: 0"), std::string::npos) << status;
  EXPECT_NE(status.find("input: closed"), std::string::npos) << status;
  std::this_thread::sleep_for(1s);  // still idle a while later: no consumer, no wake-up
  status = ctl_status(f);
  EXPECT_NE(status.find("state: idle"), std::string::npos) << status;
  EXPECT_EQ(camera.count_in_log(kResumed), 0u) << camera.log();
  EXPECT_EQ(camera.count_in_log("input opened"), 0u) << camera.log();

  // A consumer: the input is opened again and composed frames arrive.
  const auto t0 = std::chrono::steady_clock::now();
  std::optional<double> first_frame_s, first_composed_s;
  {
    LiveConsumer consumer("fakecam", pw.work_dir() / "live.bgr", pw.work_dir() / "gst.log");
    const std::size_t frame_bytes = static_cast<std::size_t>(kSize.area()) * 3;
    const bool got = wait_until(
        [&] {
          const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
          if (!first_frame_s && consumer.bytes() >= frame_bytes) first_frame_s = s;
          if (first_frame_s && !first_composed_s) {
            const cv::Mat last = consumer.last_frame();
            if (!last.empty() && classify(last) == FrameKind::composed) first_composed_s = s;
          }
          return (first_composed_s && consumer.frame_count() >= 10) || !consumer.process().running();
        },
        30s);
    ASSERT_TRUE(got && first_composed_s) << consumer.process().log() << camera.log() << pw.logs();
    status = ctl_status(f);
    EXPECT_NE(status.find("state: processing"), std::string::npos) << status;
    EXPECT_NE(status.find("readers: 1"), std::string::npos) << status;
    EXPECT_NE(status.find("input: open"), std::string::npos) << status;
    std::printf("[ pipewire ] from starting gst-launch (idle fakecam): first frame after %.2f s, first composed frame "
                "after %.2f s\n",
                *first_frame_s, *first_composed_s);
    const auto frames = consumer.frames();
    const int composed = expect_black_then_composed(frames, "live consumer");
    std::printf("[ pipewire ] live consumer: %d black lead-in frame(s), then %d composed\n",
                static_cast<int>(frames.size()) - composed, composed);
  }  // the consumer stops here
  EXPECT_EQ(camera.count_in_log(kResumed), 1u) << camera.log();
  EXPECT_EQ(camera.count_in_log("input opened"), 1u) << camera.log();

  // It left: idle again.
  ASSERT_TRUE(wait_until([&] { return camera.count_in_log(kReleased) == 2; })) << camera.log();
  status = ctl_status(f);
  EXPECT_NE(status.find("state: idle"), std::string::npos) << status;
  EXPECT_NE(status.find("readers: 0"), std::string::npos) << status;
  EXPECT_EQ(camera.stop(), 0) << camera.log();
}

// SIGTERM: systemctl --user restart pipewire. SIGKILL: a crash.
class PipeWireCameraRestart : public ::testing::TestWithParam<int> {};

TEST_P(PipeWireCameraRestart, SameFakecamServesAgainAfterTheDaemonComesBack) {
  const int signal = GetParam();
  PrivatePipeWire pw(signal == SIGKILL ? "app-crash" : "app-restart");
  const Fixture f = make_fixture(pw);
  Background camera(fakecam_args(f, {"-v", "pipewire:"}), pw.work_dir() / "fakecam.log");
  wait_for_node(pw, camera);
  const pid_t pid = camera.pid();
  const auto before = capture_with_gst("fakecam", "", 30, kSize, pw.work_dir() / "before.bgr");
  ASSERT_EQ(before.run.exit_code, 0) << before.run.err << camera.log() << pw.logs();
  ASSERT_EQ(before.frames.size(), 30u);
  expect_black_then_composed(before.frames, "before");

  pw.stop_daemon(signal);
  ASSERT_TRUE(wait_until([&] { return camera.count_in_log("PipeWire: lost the camera node") == 1; })) << camera.log();
  std::this_thread::sleep_for(2s);  // some reconnection attempts fail first
  EXPECT_TRUE(camera.running()) << camera.log();
  pw.start_daemon();
  ASSERT_TRUE(wait_until([&] { return camera.count_in_log("PipeWire: reconnected") == 1; })) << camera.log();
  wait_for_node(pw, camera);

  const auto after = capture_with_gst("fakecam", "", 60, kSize, pw.work_dir() / "after.bgr");
  ASSERT_EQ(after.run.exit_code, 0) << after.run.err << camera.log() << pw.logs();
  ASSERT_EQ(after.frames.size(), 60u);
  expect_black_then_composed(after.frames, "after");
  EXPECT_TRUE(camera.running()) << camera.log();
  EXPECT_EQ(camera.pid(), pid);
  EXPECT_EQ(camera.stop(), 0) << camera.log();
}

INSTANTIATE_TEST_SUITE_P(Daemon, PipeWireCameraRestart, ::testing::Values(SIGTERM, SIGKILL),
                         [](const auto& param_info) {
                           return std::string(param_info.param == SIGKILL ? "Crash" : "Restart");
                         });

// A V4L2-only program: ffmpeg opening /dev/video0 through pw-v4l2 (no
// /dev/video* exists on this host: every frame came from fakecam's node).
TEST(PipeWireCamera, FfmpegThroughPwV4l2ReadsFakecam) {
  PrivatePipeWire pw("app-v4l2");
  const Fixture f = make_fixture(pw);
  Background camera(fakecam_args(f, {"-v", "pipewire:"}), pw.work_dir() / "fakecam.log");
  wait_for_node(pw, camera);
  constexpr int kFrames = 60;
  const auto out = pw.work_dir() / "ffmpeg.bgr";
  const auto run = run_command({"/usr/bin/pw-v4l2", "/usr/bin/ffmpeg", "-hide_banner", "-nostdin", "-f", "v4l2", "-i",
                                "/dev/video0", "-frames:v", std::to_string(kFrames), "-f", "rawvideo", "-pix_fmt",
                                "bgr24", "-y", out.string()},
                               120, {"PIPEWIRE_V4L2_TARGET=fakecam"});  // by node name, as the README says
  ASSERT_EQ(run.exit_code, 0) << run.err << camera.log() << pw.logs();
  EXPECT_NE(run.err.find("512x288"), std::string::npos) << run.err;
  std::ifstream in(out, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t frame_bytes = static_cast<std::size_t>(kSize.area()) * 3;
  ASSERT_EQ(bytes.size(), kFrames * frame_bytes);
  std::vector<cv::Mat> frames;
  for (int i = 0; i < kFrames; ++i) {
    cv::Mat frame(kSize, CV_8UC3);
    std::copy_n(bytes.data() + i * frame_bytes, frame_bytes, frame.data);
    frames.push_back(frame);
  }
  expect_black_then_composed(frames, "ffmpeg");
  EXPECT_EQ(camera.stop(), 0) << camera.log();
}

// Beside a y4m stream: the file gets every frame (no on-demand idling), and
// a PipeWire consumer gets the same picture meanwhile.
TEST(PipeWireCamera, BesideTheY4mOutput) {
  PrivatePipeWire pw("app-y4m");
  const Fixture f = make_fixture(pw);
  const auto y4m = pw.work_dir() / "out.y4m";
  constexpr int kY4mFrames = 150;  // 10 s at 15 fps: time for the consumer to come and go
  Background camera(fakecam_args(f, {"--pipewire", "--output", y4m.string(), "--frames", std::to_string(kY4mFrames)}),
                    pw.work_dir() / "fakecam.log");
  wait_for_node(pw, camera);
  const auto capture = capture_with_gst("fakecam", "", 10, kSize, pw.work_dir() / "out.bgr");
  ASSERT_EQ(capture.run.exit_code, 0) << capture.run.err << camera.log() << pw.logs();
  ASSERT_EQ(capture.frames.size(), 10u);
  expect_black_then_composed(capture.frames, "gst beside y4m");
  ASSERT_TRUE(wait_until([&] { return !camera.running(); })) << camera.log();
  EXPECT_EQ(camera.stop(), 0) << camera.log();
  const Y4mVideo video = read_y4m(y4m);
  ASSERT_EQ(video.frames.size(), static_cast<std::size_t>(kY4mFrames));
  for (std::size_t i = 0; i < video.frames.size(); i += 30) {
    EXPECT_EQ(classify(video.frames[i]), FrameKind::composed) << "y4m frame " << i;
  }
}

// ---- without a daemon, and --check ------------------------------------------------

std::string last_line(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  const auto nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

TEST(PipeWireCamera, MissingDaemonNamesTheVariablesAndFails) {
  const auto empty = scratch_dir("pw-app-no-daemon");
  test::ScopedEnv remote("PIPEWIRE_REMOTE", nullptr);
  test::ScopedEnv pw_dir("PIPEWIRE_RUNTIME_DIR", nullptr);
  test::ScopedEnv xdg("XDG_RUNTIME_DIR", empty.c_str());
  const auto run = run_command({fakecam_binary().string(), "--input", kPerson.string(), "-W", "512", "-H", "288",
                                "-v", "pipewire:", "--no-status"},
                               120);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.signal, 0);
  const std::string line = last_line(run.err);
  EXPECT_NE(line.find((empty / "pipewire-0").string()), std::string::npos) << run.err;
  EXPECT_NE(line.find("XDG_RUNTIME_DIR"), std::string::npos) << run.err;
  EXPECT_NE(line.find("PIPEWIRE_REMOTE"), std::string::npos) << run.err;

  // --check says the same on its PipeWire line, and fails.
  const auto check = run_command({fakecam_binary().string(), "--check", "--input", kPerson.string(), "-W", "512", "-H",
                                  "288", "--pipewire"},
                                 120);
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
  EXPECT_NE(check.out.find("error: PipeWire: cannot connect"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("PIPEWIRE_REMOTE"), std::string::npos) << check.out;
  EXPECT_EQ(check.out.find("ok: output"), std::string::npos) << "no V4L2 output is checked:\n" << check.out;
}

TEST(PipeWireCamera, CheckReportsTheDaemonReachable) {
  PrivatePipeWire pw("app-check");
  const auto run = run_command({fakecam_binary().string(), "--check", "--input", kPerson.string(), "-W", "512", "-H",
                                "288", "-v", "pipewire:checked"},
                               120);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err << pw.logs();
  EXPECT_NE(run.out.find("ok: PipeWire camera: PipeWire camera 'checked'"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(pw.socket_path().string() + ": daemon reachable"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("all checks passed"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace fakecam::test
