// SPDX-License-Identifier: GPL-3.0-or-later
// The threads of a running fakecam, by name (common/thread_name.hpp): the
// pipeline's own, and no helpers of OpenCV's (main.cpp says why). A helper
// thread inherits its creator's name, so one would show as a second
// "compose".

#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "running_fakecam.hpp"
#include "support/test_paths.hpp"

namespace fakecam::app {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> thread_names(pid_t pid) {
  std::vector<std::string> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::string name;
    std::getline(std::ifstream(task.path() / "comm"), name);
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(CameraThreads, ThePipelineRunsOnItsOwnNamedThreadsAndNoOthers) {
  const auto dir = test::scratch_dir("camera-threads");
  const auto out = dir / "out.y4m";
  // The default effect (blur) on a video at 720p: OpenCV resizes every
  // frame, large enough to be worth its threads (at 480x270 it ran alone).
  test_support::RunningFakecam camera(
      dir, {"--input", (test::data_dir() / ".." / ".." / "samples" / "person-webcam.mp4").string(), "-W", "1280", "-H",
            "720", "--output", out.string(), "--no-status", "--control-socket", (dir / "ctl.sock").string()});
  ASSERT_TRUE(camera.wait_for_log("running: ")) << camera.log();
  // 20 frames composed and written (a y4m frame is 1.5 bytes a pixel), then
  // the threads as they are.
  const std::uintmax_t enough = 20u * 1280 * 720 * 3 / 2;
  const auto bytes_of = [&] { return std::filesystem::exists(out) ? std::filesystem::file_size(out) : 0; };
  for (int i = 0; i < 1200 && bytes_of() < enough; ++i) std::this_thread::sleep_for(50ms);
  ASSERT_GE(bytes_of(), enough) << "no 20 frames within a minute (a hang guard)\n" << camera.log();
  const std::vector<std::string> names = thread_names(camera.pid());
  ::kill(camera.pid(), SIGTERM);
  EXPECT_EQ(camera.finish().exit_code, 0);
  EXPECT_EQ(names, (std::vector<std::string>{"capture", "compose", "events", "fakecam", "mask"}));
}

}  // namespace
}  // namespace fakecam::app
