// SPDX-License-Identifier: GPL-3.0-or-later
// Backgrounds, effects and overlays through the real `fakecam` binary: a
// file input, a y4m output, and checks on the pixels of what comes out -
// the seed's flags (-b video, -f/-m, --hologram, --tile-background,
// --background-keep-aspect, -i folder, --no-background), the successor's
// layer specs (--background=, --selfie=, --mask=), bad files as one-line
// errors at start-up, and reloading (SIGHUP) keeping the old picture when a
// file breaks.

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "support/person_regions.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"
#include "support/y4m_reader.hpp"

namespace fakecam::test {
namespace {

const std::filesystem::path kPerson = data_dir() / "selfie-ref" / "landscape" / "grace_hopper.png";
const std::filesystem::path kPersonMask = data_dir() / "selfie-ref" / "landscape" / "grace_hopper_ref.png";
const cv::Size kSize(512, 288);

std::vector<std::string> base_args(const std::filesystem::path& out, int frames) {
  return {fakecam_binary().string(),
          "--input",
          kPerson.string(),
          "-W",
          "512",
          "-H",
          "288",
          "-F",
          "10",
          "--output",
          out.string(),
          "--frames",
          std::to_string(frames),
          "--no-status"};
}

CommandResult fakecam(const std::filesystem::path& out, int frames, const std::vector<std::string>& extra) {
  auto args = base_args(out, frames);
  args.insert(args.end(), extra.begin(), extra.end());
  return run_command(args, 300);
}

// Certainly person / certainly background (tests/support/person_regions.hpp).
const test::PersonRegions& regions() {
  static const test::PersonRegions r = test::person_regions(kPersonMask, kSize);
  return r;
}

void write_solid(const std::filesystem::path& path, cv::Size size, cv::Scalar bgr) {
  ASSERT_TRUE(cv::imwrite(path.string(), cv::Mat(size, CV_8UC3, bgr))) << path;
}

// A podium: opaque in the lower middle of the frame (below the person's chin,
// over their chest), transparent elsewhere.
const cv::Rect kPodium(176, 216, 160, 72);  // in 512x288 output pixels
void write_podium(const std::filesystem::path& image, const std::filesystem::path& mask, cv::Size size = {1024, 576}) {
  const double s = static_cast<double>(size.width) / kSize.width;
  const cv::Rect r(static_cast<int>(kPodium.x * s), static_cast<int>(kPodium.y * s),
                   static_cast<int>(kPodium.width * s), static_cast<int>(kPodium.height * s));
  cv::Mat picture(size, CV_8UC3, cv::Scalar(20, 60, 120)), alpha(size, CV_8UC1, cv::Scalar(0));
  alpha(r).setTo(255);
  ASSERT_TRUE(cv::imwrite(image.string(), picture));
  ASSERT_TRUE(cv::imwrite(mask.string(), alpha));
}

// The podium area without its anti-aliased rim.
cv::Mat podium_inside() {
  cv::Mat m(kSize, CV_8UC1, cv::Scalar(0));
  m(cv::Rect(kPodium.x + 4, kPodium.y + 4, kPodium.width - 8, kPodium.height - 8)).setTo(255);
  return m;
}

void expect_near_colour(const cv::Scalar& got, const cv::Scalar& want, double tolerance, const std::string& what) {
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(got[c], want[c], tolerance) << what << " channel " << c << ": " << got;
}

TEST(EffectsCommand, HologramWithAPodiumOverAnImage) {
  const auto dir = scratch_dir("effects-hologram");
  write_solid(dir / "red.png", {320, 180}, cv::Scalar(0, 0, 255));
  write_podium(dir / "podium.png", dir / "podium-mask.png");
  const auto out = dir / "out.y4m", plain = dir / "plain.y4m";
  const std::vector<std::string> args = {"-b", (dir / "red.png").string(),        "-f", (dir / "podium.png").string(),
                                         "-m", (dir / "podium-mask.png").string()};
  ASSERT_EQ(fakecam(plain, 1, args).exit_code, 0);
  auto with_hologram = args;
  with_hologram.push_back("--hologram");
  const auto result = fakecam(out, 3, with_hologram);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Y4mVideo video = read_y4m(out);
  ASSERT_EQ(video.frames.size(), 3u);
  const cv::Mat& frame = video.frames.back();
  expect_near_colour(cv::mean(frame, regions().background & ~podium_inside()), cv::Scalar(0, 0, 255), 8, "background");
  expect_near_colour(cv::mean(frame, podium_inside()), cv::Scalar(20, 60, 120), 8, "podium over everything");
  // The person is tinted blue (the seed's hologram): far bluer than without it.
  const cv::Mat person_only = regions().person & ~podium_inside();
  const cv::Scalar person = cv::mean(frame, person_only), before = cv::mean(read_y4m(plain).frames.back(), person_only);
  EXPECT_GT(person[0] - person[2], before[0] - before[2] + 40) << person << " was " << before;
}

TEST(EffectsCommand, VideoBackgroundLoops) {
  const auto dir = scratch_dir("effects-video");
  // 4 frames at 4 fps: one second, then again. Each frame one colour.
  const std::vector<cv::Scalar> colours = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
  const auto clip = dir / "clip.avi";
  {
    cv::VideoWriter writer(clip.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 4, {160, 90});
    ASSERT_TRUE(writer.isOpened());
    for (const auto& c : colours) writer.write(cv::Mat(90, 160, CV_8UC3, c));
  }
  const auto out = dir / "out.y4m";
  // 3 seconds of output at 10 fps: the clip plays about three times.
  const auto result = fakecam(out, 30, {"-b", clip.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Y4mVideo video = read_y4m(out);
  ASSERT_EQ(video.frames.size(), 30u);
  std::vector<int> shown;
  for (const cv::Mat& frame : video.frames) {
    const cv::Scalar m = cv::mean(frame, regions().background);
    int which = -1;
    for (std::size_t i = 0; i < colours.size(); ++i) {
      if (cv::norm(m - colours[i]) < 30) which = static_cast<int>(i);
    }
    EXPECT_GE(which, 0) << "a frame of the clip, not garbage or a mix: " << m;
    shown.push_back(which);
  }
  // Every frame of the clip shows, and after the last one the first again.
  EXPECT_EQ(std::set<int>(shown.begin(), shown.end()).size(), colours.size());
  bool looped = false;
  for (std::size_t i = 1; i < shown.size(); ++i) looped = looped || (shown[i - 1] == 3 && shown[i] == 0);
  EXPECT_TRUE(looped) << "the clip starts again after its last frame";
}

TEST(EffectsCommand, NoBackgroundKeepsTheRoomAndTheSelfieSpecColoursThePerson) {
  const auto dir = scratch_dir("effects-no-background");
  const auto plain = dir / "plain.y4m", solid = dir / "solid.y4m";
  ASSERT_EQ(fakecam(plain, 2, {"--no-background"}).exit_code, 0);
  const auto result = fakecam(solid, 2, {"--no-background", "--selfie=solid=#00ff00"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const cv::Mat room = read_y4m(plain).frames.back(), out = read_y4m(solid).frames.back();
  cv::Mat diff;
  cv::absdiff(room, out, diff);
  double worst = 0;
  cv::minMaxLoc(diff.reshape(1), nullptr, &worst, nullptr, nullptr, cv::Mat());
  EXPECT_GT(worst, 100) << "the person changed";
  // The plain run keeps the camera's YUV to the output; the selfie effect
  // works on BGR, so that run's frames go YUV -> BGR -> YUV (about 1.7
  // levels of rounding on average, none of it the effect's).
  EXPECT_LE(cv::mean(diff, regions().background)[0], 2.5) << "the room is the camera's, unchanged";
  expect_near_colour(cv::mean(out, regions().person), cv::Scalar(0, 255, 0), 10, "a green silhouette");
}

// Stripes: a blur flattens them, so their spread tells blurred from sharp.
double background_spread(const cv::Mat& frame) {
  cv::Scalar mean, stddev;
  cv::meanStdDev(frame, mean, stddev, regions().background);
  return stddev[1];
}

TEST(EffectsCommand, BackgroundSpecBlursTheImageAndMaskSpecSetsTheOverlayOpacity) {
  const auto dir = scratch_dir("effects-specs");
  cv::Mat stripes(288, 512, CV_8UC3);
  for (int x = 0; x < stripes.cols; ++x)
    stripes.col(x).setTo((x / 4) % 2 ? cv::Scalar(240, 240, 240) : cv::Scalar(10, 10, 10));
  const auto image = dir / "stripes.png";
  cv::imwrite(image.string(), stripes);
  write_podium(dir / "podium.png", dir / "podium-mask.png");
  const auto sharp = dir / "sharp.y4m", blurred = dir / "blurred.y4m";
  ASSERT_EQ(fakecam(sharp, 2, {"--background=file=" + image.string()}).exit_code, 0);
  const auto result = fakecam(blurred, 2,
                              {"--background=file=" + image.string() + ",blur=40",
                               "--mask=foreground=" + (dir / "podium.png").string() +
                                   ",mask-file=" + (dir / "podium-mask.png").string() + ",opacity=50"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const cv::Mat s = read_y4m(sharp).frames.back(), b = read_y4m(blurred).frames.back();
  EXPECT_GT(background_spread(s), 80);
  EXPECT_LT(background_spread(b), 20) << "blur=40 on the image";
  expect_near_colour(cv::mean(b, regions().background & ~podium_inside()),
                     cv::mean(s, regions().background & ~podium_inside()), 12, "the same image, blurred");
  // Half the podium over the person (the same in both runs).
  const cv::Mat covered = podium_inside() & regions().person;
  ASSERT_GT(cv::countNonZero(covered), 2000);
  const cv::Scalar below = cv::mean(s, covered), mixed = cv::mean(b, covered);
  expect_near_colour(mixed, (below + cv::Scalar(20, 60, 120)) * 0.5, 10, "50% podium");
}

TEST(EffectsCommand, TileAndKeepAspectPlaceTheImageAsTheSeedDid) {
  const auto dir = scratch_dir("effects-fit");
  // 64x36: left half red, right half blue.
  cv::Mat halves(36, 64, CV_8UC3, cv::Scalar(0, 0, 255));
  halves.colRange(32, 64).setTo(cv::Scalar(255, 0, 0));
  cv::imwrite((dir / "halves.png").string(), halves);
  const auto tiled = dir / "tiled.y4m";
  auto result = fakecam(tiled, 1, {"-b", (dir / "halves.png").string(), "--tile-background"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const cv::Mat t = read_y4m(tiled).frames.back();
  // At native size from the top-left: red, blue, red, blue across the top.
  for (int x : {12, 52, 76, 116}) {
    const bool red = (x % 64) < 32;
    const cv::Vec3b p = t.at<cv::Vec3b>(8, x);
    EXPECT_EQ(red, p[2] > 200 && p[0] < 60) << "x " << x << " " << p;
    EXPECT_EQ(!red, p[0] > 200 && p[2] < 60) << "x " << x << " " << p;
  }
  // A square green picture kept whole: centred, magenta bars left and right.
  write_solid(dir / "square.png", {100, 100}, cv::Scalar(0, 255, 0));
  const auto boxed = dir / "boxed.y4m";
  result = fakecam(boxed, 1,
                   {"-b", (dir / "square.png").string(), "--background-keep-aspect", "--background-colour", "#ff00ff"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const cv::Mat k = read_y4m(boxed).frames.back();
  // The square is 288x288 at x 112..399 (looked at where the background shows).
  auto background_in = [&](cv::Rect r) {
    cv::Mat where(kSize, CV_8UC1, cv::Scalar(0));
    where(r).setTo(255);
    where &= regions().background;
    EXPECT_GT(cv::countNonZero(where), 100) << r;
    return cv::mean(k, where);
  };
  expect_near_colour(background_in({0, 0, 100, 120}), cv::Scalar(255, 0, 255), 8, "left bar");
  expect_near_colour(background_in({412, 0, 100, 120}), cv::Scalar(255, 0, 255), 8, "right bar");
  expect_near_colour(background_in({116, 0, 40, 120}), cv::Scalar(0, 255, 0), 8, "the picture");
}

TEST(EffectsCommand, ImageFolderWithTheSeedsFileNames) {
  const auto dir = scratch_dir("effects-folder");
  write_solid(dir / "background.jpg", {320, 180}, cv::Scalar(255, 0, 0));
  write_podium(dir / "foreground.png", dir / "foreground-mask.jpg");
  // foreground.jpg, as the seed named it (JPEG: no transparency of its own).
  cv::imwrite((dir / "foreground.jpg").string(), cv::imread((dir / "foreground.png").string()));
  std::filesystem::remove(dir / "foreground.png");
  const auto out = dir / "out.y4m";
  const auto result = fakecam(out, 1, {"-i", dir.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const cv::Mat frame = read_y4m(out).frames.back();
  expect_near_colour(cv::mean(frame, regions().background & ~podium_inside()), cv::Scalar(255, 0, 0), 8,
                     "background.jpg");
  expect_near_colour(cv::mean(frame, podium_inside()), cv::Scalar(20, 60, 120), 8,
                     "foreground.jpg where foreground-mask.jpg is white");
  // --no-foreground leaves it out.
  ASSERT_EQ(fakecam(out, 1, {"-i", dir.string(), "--no-foreground"}).exit_code, 0);
  const cv::Scalar uncovered = cv::mean(read_y4m(out).frames.back(), podium_inside());
  EXPECT_GT(cv::norm(uncovered - cv::Scalar(20, 60, 120)), 40) << uncovered;
}

TEST(EffectsCommand, BadFilesAreOneLineErrorsAtStartUp) {
  const auto dir = scratch_dir("effects-errors");
  const auto out = dir / "out.y4m";
  write_podium(dir / "podium.png", dir / "podium-mask.png");
  write_podium(dir / "podium-small.png", dir / "podium-mask-small.png", {512, 288});
  { std::ofstream(dir / "garbage.mp4") << "this is not a video at all, just text"; }
  { std::ofstream(dir / "empty.png").close(); }
  const std::string garbage = (dir / "garbage.mp4").string(), empty = (dir / "empty.png").string();
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> expected;  // parts of the last line
  };
  const std::vector<Case> cases = {
      {{"-b", (dir / "missing.mp4").string()}, {"missing.mp4", "no such file"}},
      {{"-b", garbage}, {"garbage.mp4", "neither an image nor a video"}},
      {{"--background=file=" + garbage + ",blur=20"}, {"garbage.mp4"}},
      {{"-b", empty}, {"empty.png"}},
      {{"-f", (dir / "missing.png").string()}, {"missing.png", "no such file"}},
      {{"-f", empty, "-m", (dir / "podium-mask.png").string()}, {"empty.png"}},
      {{"-f", (dir / "podium.png").string(), "-m", empty}, {"empty.png"}},
      {{"-f", (dir / "podium.png").string(), "-m", (dir / "podium-mask-small.png").string()},
       {"podium-mask-small.png", "512x288", "1024x576", "same size"}},
      {{"--mask=foreground=" + (dir / "podium.png").string() +
        ",mask-file=" + (dir / "podium-mask-small.png").string()},
       {"same size"}},
      {{"-i", (dir / "no-such-folder").string()}, {"no-such-folder", "no such directory"}},
  };
  for (const Case& c : cases) {
    const auto result = fakecam(out, 2, c.args);
    const std::string what = c.args.back();
    EXPECT_EQ(result.exit_code, 1) << what << ": " << result.err;
    EXPECT_EQ(result.signal, 0) << what;
    // Logs may come before it; the last line is the error, naming the file.
    const auto last = result.err.substr(result.err.rfind('\n', result.err.size() - 2) + 1);
    EXPECT_EQ(last.rfind("fakecam: ", 0), 0u) << what << ": " << last;
    for (const auto& e : c.expected) EXPECT_NE(last.find(e), std::string::npos) << what << ": last line: " << last;
  }
}

// The pid of the running fakecam writing `out` (a unique path), or -1.
pid_t pid_writing(const std::filesystem::path& out) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(fakecam_binary().string()) == 0 && cmdline.find(out.string()) != std::string::npos)
      return std::stoi(name);
  }
  return -1;
}

// Blocks until `out` holds at least `frames` frames (a hang guard of a
// minute, not a speed requirement).
bool wait_for_frames(const std::filesystem::path& out, int frames) {
  const auto frame_bytes = static_cast<std::uintmax_t>(kSize.area() * 3 / 2 + 6);
  for (int i = 0; i < 1200; ++i) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(out, ec);
    if (!ec && size >= frame_bytes * static_cast<std::uintmax_t>(frames) + 64) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST(EffectsCommand, ReloadOnSighupKeepsTheOldImageWhenTheNewOneIsBroken) {
  const auto dir = scratch_dir("effects-reload");
  const auto image = dir / "live.png";
  write_solid(image, {320, 180}, cv::Scalar(0, 0, 255));  // red
  const auto out = dir / "out.y4m";
  constexpr int kFrames = 60;
  CommandResult result;
  std::thread runner([&] { result = fakecam(out, kFrames, {"-b", image.string()}); });
  pid_t pid = -1;
  for (int i = 0; i < 600 && pid < 0; ++i) {
    pid = pid_writing(out);
    if (pid < 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GT(pid, 0) << "fakecam did not start";
  bool ok = wait_for_frames(out, 5);
  // Broken: the picture in use stays.
  { std::ofstream(image, std::ios::trunc) << "not an image any more"; }
  ::kill(pid, SIGHUP);
  ok = ok && wait_for_frames(out, 20);
  // Repaired, blue: shown from the next frames.
  write_solid(image, {320, 180}, cv::Scalar(255, 0, 0));
  ::kill(pid, SIGHUP);
  runner.join();
  ASSERT_TRUE(ok) << "no frames written";
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("live.png: not a readable image"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("keeping the background image"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("reloaded background image"), std::string::npos) << result.err;
  const Y4mVideo video = read_y4m(out);
  ASSERT_EQ(video.frames.size(), static_cast<std::size_t>(kFrames));
  // Red until the repaired file is read, then blue; never anything else.
  bool seen_blue = false;
  for (std::size_t i = 0; i < video.frames.size(); ++i) {
    const cv::Scalar m = cv::mean(video.frames[i], regions().background);
    const bool red = cv::norm(m - cv::Scalar(0, 0, 255)) < 15, blue = cv::norm(m - cv::Scalar(255, 0, 0)) < 15;
    EXPECT_TRUE(red || blue) << "frame " << i << ": " << m;
    EXPECT_FALSE(seen_blue && red) << "frame " << i << ": back to the old picture";
    seen_blue = seen_blue || blue;
    if (i < 20) {
      EXPECT_TRUE(red) << "frame " << i << ": the broken file must not replace the picture";
    }
  }
  EXPECT_TRUE(seen_blue) << "the repaired file is shown";
}

}  // namespace
}  // namespace fakecam::test
