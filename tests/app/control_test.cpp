// SPDX-License-Identifier: GPL-3.0-or-later
// fakecam ctl: the request language, the private UNIX socket, and a running
// fakecam switching its background on request.

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <thread>

#include "app/control/control_commands.hpp"
#include "app/control/control_server.hpp"
#include "app/control/control_socket.hpp"
#include "common/error.hpp"
#include "support/run_command.hpp"
#include "support/running_loop.hpp"
#include "support/test_paths.hpp"
#include "support/y4m_reader.hpp"

namespace fakecam::app {
namespace {

class FakeTarget : public ControlTarget {
 public:
  compose::ComposeSettings settings;
  bool paused = false;
  int reloads = 0;
  compose::ComposeSettings compose_settings() const override { return settings; }
  void apply_compose_settings(const compose::ComposeSettings& s) override {
    if (s.background == compose::BackgroundKind::image && s.image_path == "missing.jpg")
      fail("missing.jpg: no such file");
    settings = s;
  }
  void set_paused(bool p) override { paused = p; }
  void reload() override { ++reloads; }
  void set_framing(bool) override {}
  std::string status() const override { return "state: processing"; }
};

TEST(ControlCommands, ChangeTheBackground) {
  FakeTarget t;
  EXPECT_TRUE(handle_control_request("background blur 30", t).ok);
  EXPECT_EQ(t.settings.background, compose::BackgroundKind::blur);
  EXPECT_EQ(t.settings.blur_strength, 30);
  EXPECT_TRUE(handle_control_request("background colour #0000ff", t).ok);
  EXPECT_EQ(t.settings.background, compose::BackgroundKind::colour);
  EXPECT_EQ(t.settings.colour, cv::Vec3b(255, 0, 0));  // BGR
  EXPECT_TRUE(handle_control_request("background beach.jpg tile", t).ok);
  EXPECT_EQ(t.settings.background, compose::BackgroundKind::image);
  EXPECT_EQ(t.settings.image_path, "beach.jpg");
  EXPECT_EQ(t.settings.fit, compose::ImageFit::tile);
  EXPECT_TRUE(handle_control_request("background none", t).ok);
  EXPECT_EQ(t.settings.background, compose::BackgroundKind::none);
  EXPECT_TRUE(handle_control_request("threshold 70%", t).ok);
  EXPECT_FLOAT_EQ(t.settings.mask.threshold, 0.7f);
  EXPECT_TRUE(handle_control_request("threshold 0.4", t).ok);
  EXPECT_FLOAT_EQ(t.settings.mask.threshold, 0.4f);
}

TEST(ControlCommands, LightAndDenoise) {
  FakeTarget t;
  EXPECT_TRUE(handle_control_request("light 60", t).ok);
  EXPECT_EQ(t.settings.light, 60);
  EXPECT_TRUE(handle_control_request("denoise 35", t).ok);
  EXPECT_EQ(t.settings.denoise, 35);
  EXPECT_TRUE(handle_control_request("light 0", t).ok);
  EXPECT_EQ(t.settings.light, 0);
  for (const char* bad : {"light 101", "light bright", "denoise -1"}) {
    const ControlReply reply = handle_control_request(bad, t);
    EXPECT_FALSE(reply.ok) << bad;
    EXPECT_NE(reply.text.find("expected a whole number from 0 to 100"), std::string::npos)
        << bad << " -> " << reply.text;
  }
  EXPECT_EQ(t.settings.light, 0);
  EXPECT_EQ(t.settings.denoise, 35);
  EXPECT_NE(handle_control_request("help", t).text.find("light STRENGTH"), std::string::npos);
}

TEST(ControlCommands, PauseResumeReloadStatus) {
  FakeTarget t;
  EXPECT_TRUE(handle_control_request("pause", t).ok);
  EXPECT_TRUE(t.paused);
  EXPECT_TRUE(handle_control_request("resume", t).ok);
  EXPECT_FALSE(t.paused);
  EXPECT_TRUE(handle_control_request("reload", t).ok);
  EXPECT_EQ(t.reloads, 1);
  t.settings.background = compose::BackgroundKind::blur;
  t.settings.blur_strength = 30;
  t.settings.image_path = "/x/beach.jpg";
  EXPECT_EQ(handle_control_request("status", t).text,
            "state: processing\nbackground: blur 30\nbackground image: /x/beach.jpg");
  EXPECT_NE(handle_control_request("help", t).text.find("background FILE"), std::string::npos);
}

TEST(ControlCommands, BadRequestsSayWhatIsWrongAndChangeNothing) {
  FakeTarget t;
  t.settings.background = compose::BackgroundKind::blur;
  const struct {
    const char* request;
    const char* expected;
  } cases[] = {
      {"background blur 0", "blur strength '0'"},
      {"background blur many", "blur strength 'many'"},
      {"background colour nonsense", "nonsense"},
      {"background missing.jpg", "missing.jpg"},
      {"background beach.jpg sideways", "fit 'sideways'"},
      {"threshold 2000", "threshold 2000: must be from 0 to 1"},
      {"threshold 2", "threshold 2: must be from 0 to 1; for 2 percent write 2%"},
      {"dance", "unknown request 'dance'"},
  };
  for (const auto& c : cases) {
    const ControlReply reply = handle_control_request(c.request, t);
    EXPECT_FALSE(reply.ok) << c.request;
    EXPECT_NE(reply.text.find(c.expected), std::string::npos) << c.request << " -> " << reply.text;
    EXPECT_EQ(t.settings.background, compose::BackgroundKind::blur) << c.request;
  }
}

TEST(ControlCommands, ExtraOrMissingWordsAreErrorsListingWhatIsValid) {
  FakeTarget t;
  const struct {
    const char* request;
    const char* expected;
  } cases[] = {
      {"",
       "empty request; the requests are status, background, threshold, light, denoise, pause, resume, reload, framing, "
       "help"},
      {"dance",
       "unknown request 'dance'; the requests are status, background, threshold, light, denoise, pause, resume, "
       "reload, framing, help"},
      {"pause now", "pause: unexpected 'now'; usage: pause"},
      {"status please", "status: unexpected 'please'"},
      {"reload all", "reload: unexpected 'all'"},
      {"threshold", "threshold: missing argument; usage: threshold VALUE"},
      {"threshold 0.5 0.6", "threshold: unexpected '0.6'"},
      {"background", "background: missing argument; usage: background none | blur [STRENGTH]"},
      {"background none please", "background: unexpected 'please'; usage: background none"},
      {"background blur 30 more", "background: unexpected 'more'"},
      {"background colour red green", "background: unexpected 'green'"},
      {"background file=", "background file=: which file?"},
  };
  for (const auto& c : cases) {
    const ControlReply reply = handle_control_request(c.request, t);
    EXPECT_FALSE(reply.ok) << c.request;
    EXPECT_NE(reply.text.find(c.expected), std::string::npos) << c.request << " -> " << reply.text;
  }
  EXPECT_FALSE(t.paused) << "'pause now' did not pause";
  EXPECT_EQ(t.reloads, 0);
  EXPECT_EQ(t.settings.background, compose::ComposeSettings{}.background) << "nothing changed";
}

TEST(ControlCommands, FileArgumentsBecomeAbsoluteAgainstTheCallersDirectory) {
  using Words = std::vector<std::string>;
  const std::filesystem::path cwd = "/home/me/pictures";
  EXPECT_EQ(with_absolute_paths({"background", "beach.jpg", "tile"}, cwd),
            (Words{"background", "/home/me/pictures/beach.jpg", "tile"}));
  EXPECT_EQ(with_absolute_paths({"background", "../b.png"}, cwd), (Words{"background", "/home/me/b.png"}));
  EXPECT_EQ(with_absolute_paths({"background", "file=sub/c.jpg"}, cwd),
            (Words{"background", "file=/home/me/pictures/sub/c.jpg"}));
  EXPECT_EQ(with_absolute_paths({"background", "/abs/d.jpg"}, cwd), (Words{"background", "/abs/d.jpg"}));
  // Not files: unchanged.
  for (const Words& w : {Words{"background", "blur", "30"}, Words{"background", "none"},
                         Words{"background", "colour", "red"}, Words{"threshold", "0.5"}, Words{"status"}}) {
    EXPECT_EQ(with_absolute_paths(w, cwd), w);
  }
}

TEST(ControlSocket, RoundTripIsPrivateAndExclusive) {
  const auto dir = test::scratch_dir("control-socket");
  const auto path = dir / "run" / "cam.sock";
  std::string seen;
  {
    ControlServer server(test::running_loop(), path, [&seen](const std::string& request) {
      seen = request;
      return ControlReply{true, "line one\nline two"};
    });
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "only the owner may connect";
    ASSERT_EQ(::stat(path.parent_path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    const ControlReply reply = send_control_request(path, "status please");
    EXPECT_TRUE(reply.ok);
    EXPECT_EQ(reply.text, "line one\nline two");
    EXPECT_EQ(seen, "status please");
    // A second fakecam cannot take over a live socket.
    EXPECT_THROW(ControlServer(test::running_loop(), path, [](const std::string&) { return ControlReply{}; }), Error);
  }
  EXPECT_FALSE(std::filesystem::exists(path)) << "the socket is removed on exit";
  EXPECT_THROW(send_control_request(path, "status"), Error);
}

TEST(ControlSocket, EachOutputHasItsOwnSocket) {
  EXPECT_EQ(control_socket_for("/dev/video10").filename(), "video10.sock");
  EXPECT_EQ(control_socket_for("-").filename(), "stdout.sock");
  EXPECT_EQ(control_socket_for("/tmp/my out.y4m").filename(), "my_out.y4m.sock");
}

// A running fakecam switches its background on `fakecam ctl`.
TEST(ControlEndToEnd, CtlSwitchesTheBackgroundOfARunningFakecam) {
  const auto dir = test::scratch_dir("control-e2e");
  const auto socket = (dir / "ctl.sock").string();
  const auto out = dir / "out.y4m";
  const auto person = test::data_dir() / "selfie-ref" / "landscape" / "grace_hopper.png";
  test::CommandResult camera;
  std::thread runner([&] {
    camera = test::run_command(
        {test::fakecam_binary().string(), "--input", person.string(), "-F", "10", "--background-colour", "#00ff00",
         "--output", out.string(), "--frames", "80", "--control-socket", socket, "--no-status"},
        300);
  });
  // Wait for the socket (a hang guard, not a speed requirement).
  for (int i = 0; i < 600 && !std::filesystem::exists(socket); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto ctl = [&](std::vector<std::string> words) {
    std::vector<std::string> args{test::fakecam_binary().string(), "ctl", "--socket", socket};
    args.insert(args.end(), words.begin(), words.end());
    return test::run_command(args, 60);
  };
  const auto status = ctl({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("output fps:"), std::string::npos) << status.out;
  const auto bad = ctl({"background", "colour", "nonsense"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("nonsense"), std::string::npos) << bad.err;
  const auto changed = ctl({"background", "colour", "#0000ff"});
  EXPECT_EQ(changed.exit_code, 0) << changed.err;
  runner.join();
  ASSERT_EQ(camera.exit_code, 0) << camera.err;
  const test::Y4mVideo video = test::read_y4m(out);
  ASSERT_EQ(video.frames.size(), 80u);
  const cv::Rect corner(10, 5, 40, 30);  // wall, top-left
  const cv::Scalar first = cv::mean(video.frames.front()(corner));
  const cv::Scalar last = cv::mean(video.frames.back()(corner));
  EXPECT_NEAR(first[1], 255, 8) << "green before the request";
  EXPECT_NEAR(last[0], 255, 8) << "blue after it";
  EXPECT_NEAR(last[1], 0, 8);
}

}  // namespace
}  // namespace fakecam::app
