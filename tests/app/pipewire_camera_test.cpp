// SPDX-License-Identifier: GPL-3.0-or-later
// `fakecam` as a PipeWire camera, end to end: the real program publishing its
// node on a private pipewire + wireplumber (tests/output/pipewire's
// PrivatePipeWire), read by real clients (gst-launch pipewiresrc; ffmpeg
// through pw-v4l2). The command line that selects it is tested in
// pipewire_cli_test.cpp. No timing assertions: waits are loops with generous
// hang guards, and the measured time to the first frame is printed, not
// checked.

#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "output/pipewire/gst_consumer.hpp"
#include "output/pipewire/private_pipewire.hpp"
#include "pipewire_camera_support.hpp"
#include "support/run_command.hpp"
#include "support/scoped_env.hpp"
#include "support/test_paths.hpp"
#include "support/y4m_reader.hpp"

namespace fakecam::test {
namespace {

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
    std::printf(
        "[ pipewire ] from starting gst-launch (idle fakecam): first frame after %.2f s, first composed frame "
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
  const auto run =
      run_command({"/usr/bin/pw-v4l2", "/usr/bin/ffmpeg", "-hide_banner", "-nostdin", "-f", "v4l2", "-i", "/dev/video0",
                   "-frames:v", std::to_string(kFrames), "-f", "rawvideo", "-pix_fmt", "bgr24", "-y", out.string()},
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
  const auto run = run_command({fakecam_binary().string(), "--input", kPerson.string(), "-W", "512", "-H", "288", "-v",
                                "pipewire:", "--no-status"},
                               120);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.signal, 0);
  const std::string line = last_line(run.err);
  EXPECT_NE(line.find((empty / "pipewire-0").string()), std::string::npos) << run.err;
  EXPECT_NE(line.find("XDG_RUNTIME_DIR"), std::string::npos) << run.err;
  EXPECT_NE(line.find("PIPEWIRE_REMOTE"), std::string::npos) << run.err;

  // --check says the same on its PipeWire line, and fails.
  const auto check = run_command(
      {fakecam_binary().string(), "--check", "--input", kPerson.string(), "-W", "512", "-H", "288", "--pipewire"}, 120);
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
