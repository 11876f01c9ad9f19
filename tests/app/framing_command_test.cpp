// SPDX-License-Identifier: GPL-3.0-or-later
// Auto-framing through the program: --framing and --framing-zoom (and their
// config keys), `fakecam ctl framing auto|off`, and a running fakecam that
// starts with the whole view and crops to the person once asked to.

#include <gtest/gtest.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/control/control_commands.hpp"
#include "app/framing_capture.hpp"
#include "app/parsed_command_line.hpp"
#include "common/error.hpp"
#include "compose/framing/synthetic_clip.hpp"  // tests/compose/framing
#include "support/run_command.hpp"
#include "support/test_paths.hpp"
#include "support/y4m_reader.hpp"

namespace fakecam::app {
namespace {

auto parse(const std::vector<std::string>& args) { return test_support::parse_command_line(args); }

TEST(FramingFlags, OffByDefaultAutoWithAZoomLimit) {
  EXPECT_EQ(parse({})->cli.settings.framing, "off");
  EXPECT_DOUBLE_EQ(parse({})->cli.settings.framing_zoom, 2.0);
  const auto p = parse({"--framing", "auto", "--framing-zoom", "1.5"});
  EXPECT_EQ(p->cli.settings.framing, "auto");
  EXPECT_DOUBLE_EQ(p->cli.settings.framing_zoom, 1.5);
  EXPECT_THROW(parse({"--framing", "on"}), CLI::ParseError);
  EXPECT_THROW(parse({"--framing-zoom", "0.5"}), CLI::ParseError) << "a zoom below 1 would show more than there is";
  EXPECT_THROW(parse({"--framing-zoom", "8"}), CLI::ParseError);
}

TEST(FramingFlags, ConfigKeysAndDumpConfig) {
  const auto dir = test::scratch_dir("framing-config");
  const auto config = dir / "config.ini";
  std::ofstream(config) << "framing = auto\nframing-zoom = 3\n";
  const auto p = parse({"-c", config.string()});
  EXPECT_EQ(p->cli.settings.framing, "auto");
  EXPECT_DOUBLE_EQ(p->cli.settings.framing_zoom, 3.0);
  const std::string dumped = dump_config(p->cli);
  EXPECT_NE(dumped.find("framing = auto\n"), std::string::npos) << dumped;
  EXPECT_NE(dumped.find("framing-zoom = 3"), std::string::npos) << dumped;
  // And it reads back as the same settings.
  const auto again_file = dir / "again.ini";
  std::ofstream(again_file) << dumped;
  const auto again = parse({"-c", again_file.string()});
  EXPECT_EQ(again->cli.settings.framing, "auto");
  EXPECT_DOUBLE_EQ(again->cli.settings.framing_zoom, 3.0);
}

TEST(FramingCapture, AsksForMoreAndKeepsTheOutputAskedFor) {
  EXPECT_EQ(framing_capture_request({1280, 720}), cv::Size(1920, 1080));
  EXPECT_EQ(framing_capture_request({640, 360}), cv::Size(960, 540));
  EXPECT_EQ(framed_output_size({1920, 1080}, {1280, 720}), cv::Size(1280, 720)) << "1080p in, 720p out";
  EXPECT_EQ(framed_output_size({1280, 720}, {1280, 720}), cv::Size(1280, 720)) << "nothing larger offered";
  EXPECT_EQ(framed_output_size({640, 480}, {1280, 720}), cv::Size(640, 480)) << "a small webcam is not upscaled";
  EXPECT_EQ(framed_output_size({1920, 1440}, {1280, 720}), cv::Size(960, 720))
      << "the capture's aspect, inside the size asked for";
  EXPECT_NE(framing_capture_note({1920, 1080}, {1280, 720}).find("1.50x"), std::string::npos);
  EXPECT_NE(framing_capture_note({1280, 720}, {1280, 720}).find("upscales"), std::string::npos);
}

class FakeTarget : public ControlTarget {
 public:
  bool framing = false;
  compose::ComposeSettings compose_settings() const override { return {}; }
  void apply_compose_settings(const compose::ComposeSettings&) override {}
  void set_paused(bool) override {}
  void reload() override {}
  void set_framing(bool on) override { framing = on; }
  std::string status() const override { return ""; }
};

TEST(FramingControl, CtlVerbTurnsFramingOnAndOff) {
  FakeTarget t;
  EXPECT_EQ(handle_control_request("framing auto", t).text, "framing auto");
  EXPECT_TRUE(t.framing);
  EXPECT_TRUE(handle_control_request("framing off", t).ok);
  EXPECT_FALSE(t.framing);
  const ControlReply bad = handle_control_request("framing on", t);
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.text.find("framing 'on': expected auto or off"), std::string::npos) << bad.text;
  const ControlReply missing = handle_control_request("framing", t);
  EXPECT_FALSE(missing.ok);
  EXPECT_NE(missing.text.find("usage: framing auto | off"), std::string::npos) << missing.text;
  EXPECT_NE(control_help().find("framing auto | off"), std::string::npos);
}

double mean_difference(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  return cv::mean(diff.reshape(1))[0];
}

// Where in `view` the zoomed `frame` came from: the scale and place whose
// picture matches best (searched at a quarter of the size, zoom 1-2.2).
std::pair<cv::Rect, double> find_crop(const cv::Mat& frame, const cv::Mat& view) {
  cv::Mat small_view;
  cv::resize(view, small_view, {}, 0.25, 0.25, cv::INTER_AREA);
  double best_score = 2, best_zoom = 1;
  cv::Rect best;
  for (double zoom = 1.0; zoom <= 2.2; zoom += 0.05) {
    cv::Mat templ;
    cv::resize(frame, templ,
               cv::Size(static_cast<int>(std::lround(frame.cols / zoom / 4)),
                        static_cast<int>(std::lround(frame.rows / zoom / 4))),
               0, 0, cv::INTER_AREA);
    if (templ.cols > small_view.cols || templ.rows > small_view.rows) continue;
    cv::Mat scores;
    cv::matchTemplate(small_view, templ, scores, cv::TM_SQDIFF_NORMED);
    double min_score = 0;
    cv::Point at;
    cv::minMaxLoc(scores, &min_score, nullptr, &at, nullptr);
    if (min_score < best_score) {
      best_score = min_score;
      best_zoom = zoom;
      best = cv::Rect(at.x * 4, at.y * 4, templ.cols * 4, templ.rows * 4);
    }
  }
  return {best, best_zoom};
}

// The person photo standing in a room (a still image played as the webcam):
// the whole view until `fakecam ctl framing auto`, then the crop.
TEST(FramingEndToEnd, CtlFramingAutoCropsARunningFakecamToThePerson) {
  const auto dir = test::scratch_dir("framing-e2e");
  const test::SyntheticClip clip;
  const test::Shot shot = clip.render({500, 300}, true);
  const auto room = dir / "room.png";
  ASSERT_TRUE(cv::imwrite(room.string(), shot.frame));
  const auto socket = (dir / "ctl.sock").string();
  const auto out = dir / "out.y4m";
  test::CommandResult camera;
  std::thread runner([&] {
    camera = test::run_command({test::fakecam_binary().string(), "--input", room.string(), "-W", "640", "-H", "360",
                                "-F", "15", "--no-background", "--output", out.string(), "--frames", "90",
                                "--control-socket", socket, "--no-status", "--verbose"},
                               300);
  });
  // Wait for the socket (a hang guard, not a speed requirement).
  for (int i = 0; i < 600 && !std::filesystem::exists(socket); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto on =
      test::run_command({test::fakecam_binary().string(), "ctl", "--socket", socket, "framing", "auto"}, 60);
  EXPECT_EQ(on.exit_code, 0) << on.err;
  EXPECT_NE(on.out.find("framing auto"), std::string::npos) << on.out;
  runner.join();
  ASSERT_EQ(camera.exit_code, 0) << camera.err;
  EXPECT_NE(camera.err.find("fakecam ctl: framing auto"), std::string::npos) << camera.err;

  const test::Y4mVideo video = test::read_y4m(out);
  ASSERT_EQ(video.frames.size(), 90u);
  cv::Mat full_view;
  cv::resize(shot.frame, full_view, {640, 360}, 0, 0, cv::INTER_AREA);
  EXPECT_LT(mean_difference(video.frames.front(), full_view), 6.0) << "the whole view before the request";
  const cv::Mat& last = video.frames.back();
  EXPECT_GT(mean_difference(last, full_view), 15.0) << "cropped to the person after it";
  // The output is a zoomed crop of the room that holds the whole head.
  const auto [crop, zoom] = find_crop(last, full_view);
  EXPECT_GE(zoom, 1.2) << "zoomed in";
  const cv::Rect2d head_in_view(shot.head->x / 2, shot.head->y / 2, shot.head->width / 2, shot.head->height / 2);
  const cv::Rect2d loose(crop.x - 4, crop.y - 4, crop.width + 8, crop.height + 8);  // the search's step
  EXPECT_EQ((head_in_view & loose), head_in_view) << "head " << head_in_view << " cut by the crop " << crop;
}

// --framing auto from the start: the file is read at its full size, the log
// says what was captured for which output, and the picture is cropped.
TEST(FramingEndToEnd, FramingAutoLogsTheCaptureAndCrops) {
  const auto dir = test::scratch_dir("framing-flag");
  const test::SyntheticClip clip;
  const test::Shot shot = clip.render({700, 280}, true);
  const auto room = dir / "room.png";
  ASSERT_TRUE(cv::imwrite(room.string(), shot.frame));
  const auto out = dir / "out.y4m";
  const auto result = test::run_command(
      {test::fakecam_binary().string(), "--input", room.string(), "-W", "640", "-H", "360", "-F", "15", "--framing",
       "auto", "--blur", "--output", out.string(), "--frames", "45", "--no-status"},
      300);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("framing: capturing 1280x720 for a 640x360 output: zooms up to 2.00x lose no detail"),
            std::string::npos)
      << result.err;
  const test::Y4mVideo video = test::read_y4m(out);
  ASSERT_EQ(video.frames.size(), 45u);
  EXPECT_EQ(video.frames.back().size(), cv::Size(640, 360));
  cv::Mat full_view;
  cv::resize(shot.frame, full_view, {640, 360}, 0, 0, cv::INTER_AREA);
  EXPECT_GT(mean_difference(video.frames.back(), full_view), 15.0);
}

}  // namespace
}  // namespace fakecam::app
