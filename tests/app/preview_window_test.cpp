// SPDX-License-Identifier: GPL-3.0-or-later
// `fakecam preview` end to end on a private X server (Xvfb): the window shows
// what the running fakecam sends (a solid background colour and the person,
// the status text in its corner), 'b' switches the background in fakecam and
// in the window, and 'q' closes the preview while fakecam keeps running.
// Keys come from xdotool, pictures of the screen from ffmpeg's x11grab.

#include <gtest/gtest.h>

#include <signal.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "running_fakecam.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fakecam::app {
namespace {

using namespace std::chrono_literals;

const std::filesystem::path kPerson = test::data_dir() / "selfie-ref" / "landscape" / "grace_hopper.png";
constexpr int kScreenW = 1024, kScreenH = 768;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Polls `ready` every 100 ms for up to two minutes (a hang guard).
bool eventually(const std::function<bool()>& ready) {
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return ready();
}

// A private X server; DISPLAY names it for this process and its children.
class PrivateXServer {
 public:
  explicit PrivateXServer(const std::filesystem::path& dir)
      : display_file_(dir / "display"), pid_file_(dir / "xvfb.pid") {
    // -displayfd: Xvfb picks a free display and writes its number.
    const std::vector<std::string> argv{"/bin/sh",
                                        "-c",
                                        "echo $$ > \"$2\" && exec Xvfb -displayfd 3 -screen 0 " +
                                            std::to_string(kScreenW) + "x" + std::to_string(kScreenH) +
                                            "x24 -nolisten tcp 3>\"$0\" 2>\"$1\"",
                                        display_file_.string(),
                                        (dir / "xvfb.log").string(),
                                        pid_file_.string()};
    runner_ = std::thread([argv] { test::run_command(argv, 900); });
    eventually([this] {
      std::ifstream in(display_file_);
      std::string line;
      if (!std::getline(in, line) || in.eof()) return false;  // the whole line, newline included
      display_ = ":" + line;
      return true;
    });
    if (!display_.empty()) ::setenv("DISPLAY", display_.c_str(), 1);
  }
  ~PrivateXServer() {
    pid_t pid = -1;
    if (std::ifstream in(pid_file_); in >> pid && pid > 0) ::kill(pid, SIGTERM);
    if (runner_.joinable()) runner_.join();
  }
  const std::string& display() const { return display_; }

 private:
  std::filesystem::path display_file_;
  std::filesystem::path pid_file_;
  std::string display_;
  std::thread runner_;
};

test::CommandResult xdotool(std::vector<std::string> args) {
  args.insert(args.begin(), "/usr/bin/xdotool");
  return test::run_command(args, 60);
}

// The window's picture on the screen, or an empty Mat.
cv::Mat grab_window(const std::string& display, const cv::Rect& where, const std::filesystem::path& png) {
  const auto r = test::run_command(
      {"/usr/bin/ffmpeg", "-nostdin", "-loglevel", "error", "-f", "x11grab", "-video_size",
       std::to_string(kScreenW) + "x" + std::to_string(kScreenH), "-i", display, "-frames:v", "1", "-y", png.string()},
      60);
  if (r.exit_code != 0) return {};
  const cv::Mat screen = cv::imread(png.string(), cv::IMREAD_COLOR);
  if (screen.empty()) return {};
  return screen(where & cv::Rect(0, 0, screen.cols, screen.rows)).clone();
}

double share_of(const cv::Mat& image, const cv::Scalar& lo, const cv::Scalar& hi) {
  cv::Mat in;
  cv::inRange(image, lo, hi, in);
  return static_cast<double>(cv::countNonZero(in)) / static_cast<double>(image.total());
}
// --background-colour #00ff00 (BGR), allowing for the scaling and blending at edges.
double green_share(const cv::Mat& image) { return share_of(image, {0, 200, 0}, {80, 255, 80}); }
// Neither green nor black: the person (and the corner text).
double person_share(const cv::Mat& image) {
  return 1.0 - green_share(image) - share_of(image, {0, 0, 0}, {30, 30, 30});
}

// The preview window: its X id and where it is on the screen.
void find_preview_window(std::string& window, cv::Rect& where) {
  // SDL may replace the window it first mapped (a BadWindow for the id
  // found): search again until the id found answers.
  test::CommandResult geometry;
  const bool found_one = eventually([&] {
    const auto found = xdotool({"search", "--sync", "--name", "fakecam preview"});
    if (found.exit_code != 0) return false;
    window = found.out.substr(0, found.out.find('\n'));
    geometry = xdotool({"getwindowgeometry", "--shell", window});
    return geometry.exit_code == 0;
  });
  ASSERT_TRUE(found_one) << "no preview window: " << geometry.err;
  std::map<std::string, int> g;
  std::istringstream lines(geometry.out);
  for (std::string line; std::getline(lines, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) g[line.substr(0, eq)] = std::stoi(line.substr(eq + 1));
  }
  where = cv::Rect(g["X"], g["Y"], g["WIDTH"], g["HEIGHT"]);
  EXPECT_EQ(where.size(), cv::Size(640, 360)) << "the preview of a 640x360 camera";
}

// The composed frame in the window: the solid background around the
// person, and the status text (white) in the top-left corner.
void expect_composed(const PrivateXServer& x, const std::filesystem::path& dir, const cv::Rect& where, cv::Mat& shot) {
  const bool composed = eventually([&] {
    shot = grab_window(x.display(), where, dir / "shot.png");
    return !shot.empty() && green_share(shot) > 0.2 && person_share(shot) > 0.05;
  });
  ASSERT_TRUE(composed) << "window at " << where << ": green " << (shot.empty() ? -1 : green_share(shot)) << ", person "
                        << (shot.empty() ? -1 : person_share(shot));
  EXPECT_GT(share_of(shot(cv::Rect(0, 0, 160, 16)), {200, 200, 200}, {255, 255, 255}), 0.01)
      << "status text in the corner";
  cv::imwrite((dir / "composed.png").string(), shot);
}

// Under AddressSanitizer a preview process reports leaks in what SDL2 loads
// for X11 (libdbus, dlopened drivers) at exit, which are not ours: leak
// checking stays on for the camera processes that open no window, and for
// the frame ring and publisher in preview_ring_test.
void no_leak_check_from_here() {
  const char* asan = std::getenv("ASAN_OPTIONS");
  ::setenv("ASAN_OPTIONS", (std::string(asan != nullptr ? asan : "") + ":detect_leaks=0").c_str(), 1);
}

std::vector<std::string> camera_args(const std::filesystem::path& socket) {
  return {"--input",
          kPerson.string(),
          "-W",
          "640",
          "-H",
          "360",
          "-F",
          "10",
          "--background-colour",
          "#00ff00",
          "--output",
          "/dev/null",
          "--control-socket",
          socket.string(),
          "--no-status"};
}

test::CommandResult status_of(const std::filesystem::path& socket) {
  return test::run_command({test::fakecam_binary().string(), "ctl", "--socket", socket.string(), "status"}, 60);
}

TEST(PreviewWindow, ShowsTheCameraSwitchesTheBackgroundAndClosesAlone) {
  const auto dir = test::scratch_dir("preview-window");
  std::filesystem::create_directories(dir / "camera");
  std::filesystem::create_directories(dir / "preview");
  PrivateXServer x(dir);
  ASSERT_FALSE(x.display().empty()) << "Xvfb did not start (package xvfb)";
  ::setenv("SDL_VIDEODRIVER", "x11", 1);

  const auto socket = dir / "cam.sock";
  test_support::RunningFakecam camera(dir / "camera", camera_args(socket));
  ASSERT_TRUE(camera.wait_for_log("running: ")) << camera.log();

  no_leak_check_from_here();
  test_support::RunningFakecam preview(dir / "preview", {"preview", "--socket", socket.string()});
  ASSERT_TRUE(camera.wait_for_log("preview window attached (1 open)")) << camera.log() << preview.log();
  std::string window;
  cv::Rect where;
  ASSERT_NO_FATAL_FAILURE(find_preview_window(window, where)) << preview.log();
  cv::Mat shot;
  ASSERT_NO_FATAL_FAILURE(expect_composed(x, dir, where, shot)) << preview.log();

  // 'b': a colour background goes to blur, in fakecam and in the window.
  ASSERT_EQ(xdotool({"windowfocus", "--sync", window, "key", "b"}).exit_code, 0);
  const auto status = [&socket] { return status_of(socket); };
  EXPECT_TRUE(eventually([&] { return contains(status().out, "background: blur"); })) << status().out << preview.log();
  EXPECT_TRUE(eventually([&] {
    shot = grab_window(x.display(), where, dir / "shot.png");
    return !shot.empty() && green_share(shot) < 0.01;
  })) << "the window still shows the green background: "
      << green_share(shot);
  cv::imwrite((dir / "blurred.png").string(), shot);

  // 'q' closes the preview only: fakecam detaches it and keeps running.
  ASSERT_EQ(xdotool({"windowfocus", "--sync", window, "key", "q"}).exit_code, 0);
  const auto closed = preview.finish();
  EXPECT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_TRUE(camera.wait_for_log("preview window closed (0 open)")) << camera.log();
  const auto after = status();
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_TRUE(contains(after.out, "state: processing")) << after.out;
  EXPECT_FALSE(contains(camera.log(), "error")) << camera.log();
}

// The window's process, from the camera's log line "preview: window opened
// (process N)"; -1 when there is none.
pid_t window_process(const std::string& log) {
  const std::string key = "preview: window opened (process ";
  const auto at = log.find(key);
  return at == std::string::npos ? -1 : static_cast<pid_t>(std::atoi(log.c_str() + at + key.size()));
}

// Fields of /proc/PID/stat after the command name (which may hold spaces):
// state, then the parent's pid. Empty once the process is reaped.
std::string stat_after_name(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  const auto close = stat.rfind(')');
  return close == std::string::npos ? "" : stat.substr(close + 2);
}

std::string state_of(pid_t pid) {
  const std::string rest = stat_after_name(pid);
  return rest.empty() ? "reaped" : rest.substr(0, 1);
}

// The parent's pid; -1 once reaped (a zombie still names its parent).
pid_t parent_of(pid_t pid) {
  std::istringstream rest(stat_after_name(pid));
  std::string state;
  pid_t parent = -1;
  return rest >> state >> parent ? parent : -1;
}

// --preview: the camera opens the same window itself, once its control
// socket is up (the window a process of its own); 'q' closes the window
// and the camera goes on, still processing, with no window attached.
TEST(PreviewWindow, TheCameraOpensItsOwnWithPreview) {
  const auto dir = test::scratch_dir("preview-flag");
  std::filesystem::create_directories(dir / "camera");
  PrivateXServer x(dir);
  ASSERT_FALSE(x.display().empty()) << "Xvfb did not start (package xvfb)";
  ::setenv("SDL_VIDEODRIVER", "x11", 1);
  no_leak_check_from_here();  // the window is the camera's child: it inherits the environment

  const auto socket = dir / "cam.sock";
  auto args = camera_args(socket);
  args.push_back("--preview");
  test_support::RunningFakecam camera(dir / "camera", args);
  ASSERT_TRUE(camera.wait_for_log("preview window attached (1 open)")) << camera.log();
  EXPECT_TRUE(contains(camera.log(), "preview: window opened (process ")) << camera.log();
  std::string window;
  cv::Rect where;
  ASSERT_NO_FATAL_FAILURE(find_preview_window(window, where)) << camera.log();
  cv::Mat shot;
  ASSERT_NO_FATAL_FAILURE(expect_composed(x, dir, where, shot)) << camera.log();

  const pid_t child = window_process(camera.log());
  ASSERT_GT(child, 0) << camera.log();
  EXPECT_EQ(parent_of(child), camera.pid()) << "process " << child << " is not the camera's window";

  ASSERT_EQ(xdotool({"windowfocus", "--sync", window, "key", "q"}).exit_code, 0);
  EXPECT_TRUE(camera.wait_for_log("preview window closed (0 open)")) << camera.log();
  EXPECT_TRUE(eventually([] {
    return xdotool({"search", "--name", "fakecam preview"}).exit_code != 0;
  })) << "the window is still there";
  // The camera reaps its window as soon as it exits: no zombie ('Z' in
  // /proc/PID/stat) while the camera goes on.
  EXPECT_TRUE(eventually([&] { return parent_of(child) != camera.pid(); }))
      << "the window process " << child << " is still the camera's child, state " << state_of(child);
  EXPECT_TRUE(camera.wait_for_log("preview: window process " + std::to_string(child) + " exited")) << camera.log();
  const auto after = status_of(socket);
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_TRUE(contains(after.out, "state: processing")) << after.out;
  EXPECT_FALSE(contains(camera.log(), "error")) << camera.log();
}

}  // namespace
}  // namespace fakecam::app
