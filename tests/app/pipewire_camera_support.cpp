// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipewire_camera_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iterator>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <gtest/gtest.h>

#include "support/run_command.hpp"

extern char** environ;

namespace fakecam::test {

Background::Background(const std::vector<std::string>& argv, std::filesystem::path log) : log_(std::move(log)) {
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

bool Background::running() {
  if (status_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
  return !status_;
}

int Background::stop(int signal) {
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

std::string Background::log() const {
  std::ifstream in(log_);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::size_t Background::count_in_log(const std::string& text) const {
  const std::string all = log();
  std::size_t n = 0;
  for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + 1)) ++n;
  return n;
}

// Certainly person / certainly background (tests/support/person_regions.hpp).
const PersonRegions& regions() {
  static const PersonRegions r = test::person_regions(kPersonMask, kSize);
  return r;
}

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

Fixture make_fixture(const PrivatePipeWire& pw) {
  Fixture f;
  f.background = pw.work_dir() / "green.png";
  cv::imwrite(f.background.string(), cv::Mat(90, 160, CV_8UC3, cv::Scalar(kGreen)));
  f.socket = pw.work_dir() / "ctl.sock";
  return f;
}

std::vector<std::string> fakecam_args(const Fixture& f, std::vector<std::string> extra) {
  std::vector<std::string> args = {fakecam_binary().string(),
                                   "--input",
                                   kPerson.string(),
                                   "-W",
                                   std::to_string(kSize.width),
                                   "-H",
                                   std::to_string(kSize.height),
                                   "-F",
                                   "15",
                                   "-b",
                                   f.background.string(),
                                   "--control-socket",
                                   f.socket.string(),
                                   "--no-status"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string ctl_status(const Fixture& f) {
  return run_command({fakecam_binary().string(), "ctl", "--socket", f.socket.string(), "status"}, 60).out;
}

// Waits until fakecam has published its node in the private daemon.
void wait_for_node(PrivatePipeWire& pw, Background& camera, const std::string& name) {
  ASSERT_TRUE(wait_until([&] { return pw.node_serial(name).has_value() || !camera.running(); }))
      << camera.log() << pw.list_objects("Node");
  ASSERT_TRUE(camera.running()) << camera.log();
}

}  // namespace fakecam::test
