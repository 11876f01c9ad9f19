// SPDX-License-Identifier: GPL-3.0-or-later
// Ctrl-C reloads and a second Ctrl-C within 2 s quits (real signals to a
// running fakecam), and the status line fits the terminal's width.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "app/signal_watcher.hpp"
#include "app/stage_stats.hpp"
#include "app/status_line.hpp"
#include "running_fakecam.hpp"
#include "support/test_paths.hpp"
#include "support/y4m_reader.hpp"

namespace fakecam::app {
namespace {

using namespace std::chrono_literals;

TEST(RepeatedPress, OnlyAPressWithinTheWindowOfThePreviousOneCounts) {
  RepeatedPress ctrl_c(2s);
  const RepeatedPress::Clock::time_point t0{};
  EXPECT_FALSE(ctrl_c.press(t0)) << "the first press";
  EXPECT_FALSE(ctrl_c.press(t0 + 2500ms)) << "too late: a first press again";
  EXPECT_TRUE(ctrl_c.press(t0 + 4000ms)) << "1.5 s after the previous one";
  EXPECT_TRUE(ctrl_c.press(t0 + 4100ms)) << "pressing on keeps quitting";
  EXPECT_FALSE(ctrl_c.press(t0 + 10s));
}

TEST(SignalsCommand, CtrlCReloadsAndCtrlCTwiceQuits) {
  const auto dir = test::scratch_dir("signals-ctrl-c");
  const auto image = dir / "bg.png", out = dir / "out.y4m";
  ASSERT_TRUE(cv::imwrite(image.string(), cv::Mat(180, 320, CV_8UC3, cv::Scalar(0, 0, 255))));
  // No --frames: only a signal ends it.
  test_support::RunningFakecam camera(
      dir, {"--input", (test::data_dir() / "selfie-ref" / "landscape" / "grace_hopper.png").string(), "-W", "512", "-H",
            "288", "-F", "10", "-b", image.string(), "--output", out.string(), "--control-socket",
            (dir / "ctl.sock").string(), "--no-status"});
  ASSERT_TRUE(camera.wait_for_log("running: ")) << camera.log();
  EXPECT_NE(camera.log().find("Ctrl-C twice within 2 s or Ctrl-\\ quits"), std::string::npos)
      << "the start-up line says so";
  const pid_t pid = camera.pid();
  ASSERT_GT(pid, 0);

  // One Ctrl-C, then another after the window: each reloads, it runs on.
  ::kill(pid, SIGINT);
  ASSERT_TRUE(camera.wait_for_log("Ctrl-C: reloading")) << camera.log();
  std::this_thread::sleep_for(kQuitWindow + 500ms);  // past the window, not a speed requirement
  ::kill(pid, SIGINT);
  ASSERT_TRUE(camera.wait_for_log("Ctrl-C: reloading", 2)) << camera.log();
  ASSERT_TRUE(camera.wait_for_log("reloaded background image", 2)) << camera.log();
  // Still writing frames after both.
  const auto frame_bytes = static_cast<std::uintmax_t>(512 * 288 * 3 / 2 + 6);
  const auto written = std::filesystem::file_size(out);
  for (int i = 0; i < 1200 && std::filesystem::file_size(out) < written + 3 * frame_bytes; ++i) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_GE(std::filesystem::file_size(out), written + 3 * frame_bytes) << "stopped writing after a single Ctrl-C";
  EXPECT_EQ(camera.log().find("stopping"), std::string::npos) << camera.log();

  // Two in a row: the second (sent as soon as the first was seen) quits.
  std::this_thread::sleep_for(kQuitWindow + 500ms);
  ::kill(pid, SIGINT);
  ASSERT_TRUE(camera.wait_for_log("Ctrl-C: reloading", 3)) << camera.log();
  ::kill(pid, SIGINT);
  const auto result = camera.finish();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("Ctrl-C twice: stopping"), std::string::npos) << result.err;
  const test::Y4mVideo video = test::read_y4m(out);
  EXPECT_GE(video.frames.size(), 3u) << "a whole, readable stream";
}

// Start-up holds the signals until the event loop reads them, and two
// presses there arrive as one: it must still mean "stop", not a reload of
// images nobody has seen yet.
TEST(SignalsCommand, CtrlCWhileStartingQuitsEvenWhenPressedTwice) {
  const auto dir = test::scratch_dir("signals-ctrl-c-start");
  const auto fifo = dir / "out.y4m";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Opening a FIFO with no reader blocks: fakecam stays in its start-up
  // until this test opens the other end, however fast the machine.
  test_support::RunningFakecam camera(
      dir, {"--input", (test::data_dir() / "selfie-ref" / "landscape" / "grace_hopper.png").string(), "-W", "512", "-H",
            "288", "-F", "10", "--output", fifo.string(), "--control-socket", (dir / "ctl.sock").string(),
            "--no-status", "--frames", "30"});  // --frames: without the fix it ends too, and fails below
  ASSERT_TRUE(camera.wait_for_log("input: ")) << camera.log();  // logged after the signals are blocked
  const pid_t pid = camera.pid();
  ASSERT_GT(pid, 0);
  ::kill(pid, SIGINT);
  ::kill(pid, SIGINT);
  const int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  // Until fakecam has opened its end and closed it again (Linux reports
  // POLLHUP on a FIFO only once a writer came and went); a minute is a hang guard.
  char buffer[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 60000), 1) << "fakecam never opened and closed the stream: " << camera.log();
    if (::read(fd, buffer, sizeof buffer) <= 0 && (p.revents & POLLHUP)) break;
  }
  ::close(fd);
  const auto result = camera.finish();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("Ctrl-C during start-up: stopping"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("reloading"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("running: "), std::string::npos) << result.err;
}

StatsSnapshot busy_snapshot() {
  StatsSnapshot s;
  s.output_fps = 29.97;
  s.stage_ms = {3.1, 12.4, 2.2, 0.8};
  s.mask_reuse = 0.4;
  s.latency_median_ms = 41;
  s.latency_p95_ms = 55;
  s.readers = 2;
  s.input_state = "lost";
  return s;
}

TEST(StatusLine, FitsTheTerminalKeepingTheMostUsefulFieldsFirst) {
  const std::vector<std::string> fields = status_fields(busy_snapshot());
  ASSERT_GE(fields.size(), 6u);
  EXPECT_EQ(fields[0], "30.0 fps");
  EXPECT_EQ(fields[1], "input lost");
  EXPECT_EQ(fields[2], "readers 2");
  EXPECT_EQ(fields[3], "latency 41/55 ms (median/p95)");

  const std::string wide = fit_status_line(fields, 200);
  EXPECT_EQ(wide,
            "30.0 fps | input lost | readers 2 | latency 41/55 ms (median/p95) | capture 3.1 ms | "
            "segment 12.4 ms (40% reused) | compose 2.2 ms | output 0.8 ms");
  const std::string normal = fit_status_line(fields, 80);
  EXPECT_LT(normal.size(), 80u);
  EXPECT_EQ(normal, "30.0 fps | input lost | readers 2 | latency 41/55 ms (median/p95)");
  const std::string narrow = fit_status_line(fields, 40);
  EXPECT_LT(narrow.size(), 40u);
  EXPECT_EQ(narrow, "30.0 fps | input lost | readers 2");
  // Never wider than the terminal, however narrow.
  for (int columns = 0; columns <= 220; ++columns) {
    const std::string line = fit_status_line(fields, columns);
    EXPECT_LE(line.size(), static_cast<std::size_t>(std::max(0, columns - 1))) << columns << ": " << line;
    EXPECT_EQ(line.substr(0, std::min<std::size_t>(line.size(), 8)), std::string("30.0 fps").substr(0, line.size()))
        << "fps comes first";
  }
}

TEST(StatusLine, IdleShowsWhyNotTheStageTimes) {
  StatsSnapshot s;
  s.idle = true;
  s.readers = 0;
  EXPECT_EQ(fit_status_line(status_fields(s), 80), " 0.0 fps | idle (no reader) | readers 0");
}

}  // namespace
}  // namespace fakecam::app
