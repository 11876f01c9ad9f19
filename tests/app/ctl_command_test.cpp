// SPDX-License-Identifier: GPL-3.0-or-later
// `fakecam ctl` through the real binary: help and typos without a running
// fakecam, file arguments resolved in the caller's directory, and another
// user's socket reported as such.

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/control/control_server.hpp"
#include "running_fakecam.hpp"
#include "support/run_command.hpp"
#include "support/running_loop.hpp"
#include "support/test_paths.hpp"
#include "support/y4m_reader.hpp"

namespace fakecam::app {
namespace {

const std::filesystem::path kPerson = test::data_dir() / "selfie-ref" / "landscape" / "grace_hopper.png";

std::vector<std::string> ctl_args(const std::filesystem::path& socket, std::vector<std::string> words) {
  std::vector<std::string> args{test::fakecam_binary().string(), "ctl", "--socket", socket.string()};
  args.insert(args.end(), words.begin(), words.end());
  return args;
}

// `fakecam ctl` run in `cwd`.
test::CommandResult ctl_in(const std::filesystem::path& cwd, const std::filesystem::path& socket,
                           std::vector<std::string> words) {
  std::vector<std::string> args{"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", cwd.string()};
  for (auto& a : ctl_args(socket, std::move(words))) args.push_back(a);
  return test::run_command(args, 120);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(CtlCommand, HelpAndTyposNeedNoRunningFakecam) {
  const auto empty = test::scratch_dir("ctl-no-fakecam");
  const std::vector<std::string> env{"XDG_RUNTIME_DIR=" + empty.string()};
  const auto run = [&env](std::vector<std::string> words) {
    std::vector<std::string> args{test::fakecam_binary().string(), "ctl"};
    args.insert(args.end(), words.begin(), words.end());
    return test::run_command(args, 60, env);
  };
  const auto help = run({"help"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  EXPECT_TRUE(contains(help.out, "background FILE [FIT]")) << help.out;
  const struct {
    std::vector<std::string> words;
    const char* expected;
  } typos[] = {
      {{"dance"},
       "unknown request 'dance'; the requests are status, background, threshold, light, denoise, pause, resume, "
       "reload, framing, help, preview"},
      {{"backgrund", "blur"}, "unknown request 'backgrund'"},
      {{"pause", "now"}, "pause: unexpected 'now'; usage: pause"},
      {{"threshold"}, "threshold: missing argument; usage: threshold VALUE"},
      {{"background", "blur", "30", "extra"}, "background: unexpected 'extra'"},
  };
  for (const auto& t : typos) {
    const auto r = run(t.words);
    EXPECT_EQ(r.exit_code, 1) << t.expected;
    EXPECT_TRUE(contains(r.err, t.expected)) << r.err;
    EXPECT_FALSE(contains(r.err, "no running fakecam"))
        << "the typo is the problem, not the missing fakecam: " << r.err;
  }
  const auto none = run({"status"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(contains(none.err, "no running fakecam found")) << none.err;
}

TEST(CtlCommand, ARelativeFileIsTheCallersFile) {
  const auto dir = test::scratch_dir("ctl-relative");
  const auto caller = dir / "caller";
  std::filesystem::create_directories(caller);
  // Only the caller's directory has blue.png; fakecam runs elsewhere.
  ASSERT_TRUE(cv::imwrite((caller / "blue.png").string(), cv::Mat(180, 320, CV_8UC3, cv::Scalar(255, 0, 0))));
  ASSERT_NE(std::filesystem::current_path(), caller);
  const auto socket = dir / "ctl.sock", out = dir / "out.y4m";
  test_support::RunningFakecam camera(
      dir, {"--input", kPerson.string(), "-W", "512", "-H", "288", "-F", "10", "--background-colour", "#00ff00",
            "--output", out.string(), "--control-socket", socket.string(), "--no-status"});
  ASSERT_TRUE(camera.wait_for_log("running: ")) << camera.log();
  const auto missing = ctl_in(caller, socket, {"background", "missing.png"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(contains(missing.err, (caller / "missing.png").string())) << "names the caller's path: " << missing.err;
  const auto changed = ctl_in(caller, socket, {"background", "blue.png"});
  EXPECT_EQ(changed.exit_code, 0) << changed.err;
  // The reply comes once the new background is in place: frames written
  // from now on are blue.
  const auto frame_bytes = static_cast<std::uintmax_t>(512 * 288 * 3 / 2 + 6);
  const auto written_then = std::filesystem::file_size(out);
  for (int i = 0; i < 1200 && std::filesystem::file_size(out) < written_then + 3 * frame_bytes; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(camera.pid(), SIGTERM);
  const auto result = camera.finish();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const test::Y4mVideo video = test::read_y4m(out);
  ASSERT_GE(video.frames.size(), 3u);
  const cv::Scalar last = cv::mean(video.frames.back()(cv::Rect(10, 5, 40, 30)));  // wall, top-left
  EXPECT_NEAR(last[0], 255, 8) << "blue: " << last;
  EXPECT_NEAR(last[1], 0, 8) << "blue: " << last;
}

// Another user's fakecam: the socket lives in that user's 0700 directory.
// connect() fails with EACCES, which must not read as "nothing runs". As
// root, who passes every file mode, the client runs as nobody (setpriv); as
// any other user, a socket whose mode refuses its owner does the same.
// The directories above the socket must let the other user through, or the
// refusal comes from them (this machine's /tmp is 0700): as root the test
// works under /var/tmp (1777), where only the modes it sets itself matter.
std::filesystem::path other_user_reachable_dir() {
  if (::geteuid() != 0) return test::scratch_dir("ctl-denied");
  std::string pattern = "/var/tmp/fakecam-ctl-denied-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp in /var/tmp failed");
  return pattern;
}

TEST(CtlCommand, AnotherUsersSocketIsPermissionDenied) {
  const auto dir = other_user_reachable_dir();
  struct RemoveAtEnd {
    std::filesystem::path path;
    ~RemoveAtEnd() { std::filesystem::remove_all(path); }
  } remove_at_end{dir};
  ::chmod(dir.c_str(), 0755);
  const auto socket = dir / "run" / "cam.sock";
  ControlServer server(test::running_loop(), socket, [](const std::string&) { return ControlReply{true, "served"}; });
  const bool root = ::geteuid() == 0;
  const auto as_other = [&](std::vector<std::string> args) {
    if (root) args.insert(args.begin(), {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"});
    return test::run_command(args, 60);
  };
  if (!root) ::chmod(socket.c_str(), 0);
  const auto denied = as_other(ctl_args(socket, {"status"}));
  EXPECT_EQ(denied.exit_code, 1) << denied.out;
  EXPECT_TRUE(contains(denied.err, socket.string() + ": permission denied: ")) << denied.err;
  EXPECT_TRUE(contains(denied.err, root ? "belongs to user root (uid 0); only that user may control this fakecam"
                                        : "mode 0000 refuses you"))
      << denied.err;
  EXPECT_FALSE(contains(denied.err, "no running fakecam")) << denied.err;
  if (root) {
    // Modes opened up by hand: the server itself refuses another user.
    ::chmod(socket.parent_path().c_str(), 0755);
    ::chmod(socket.c_str(), 0666);
    const auto refused = as_other(ctl_args(socket, {"status"}));
    EXPECT_EQ(refused.exit_code, 1) << refused.out;
    EXPECT_TRUE(contains(refused.err, "permission denied: this fakecam runs as uid 0")) << refused.err;
  }
}

}  // namespace
}  // namespace fakecam::app
