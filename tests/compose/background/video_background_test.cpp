// SPDX-License-Identifier: GPL-3.0-or-later
// Animated backgrounds: the frame shown follows the clock at the video's
// own speed (skipping or repeating frames for the output rate), loops
// without a gap, goes on where it stopped after a pause, applies effects,
// and bad files are errors at start-up and keep the old video on reload.

#include <gtest/gtest.h>

#include <fstream>

#include <opencv2/videoio.hpp>

#include "common/error.hpp"
#include "compose/background/video_background.hpp"
#include "support/test_paths.hpp"

namespace fakecam::compose {
namespace {

constexpr int kFrames = 10;

// Frame i is one solid colour that tells i (blue 20 i).
cv::Vec3b colour_of(int i) { return {static_cast<std::uint8_t>(20 * i), 100, static_cast<std::uint8_t>(200 - 10 * i)}; }

std::filesystem::path write_video(const std::string& name, double fps, int frames = kFrames, int offset = 0) {
  const auto path = test::scratch_dir("compose-video-" + name) / "clip.avi";
  cv::VideoWriter writer(path.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps, {64, 48});
  if (!writer.isOpened()) throw std::runtime_error("cannot write " + path.string());
  for (int i = 0; i < frames; ++i) {
    const cv::Vec3b c = colour_of((i + offset) % 12);
    writer.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar(c[0], c[1], c[2])));
  }
  return path;
}

// Which frame a rendered background shows (nearest colour), or -1.
int frame_index(const cv::Mat& shown) {
  const cv::Scalar m = cv::mean(shown);
  for (int i = 0; i < 12; ++i) {
    const cv::Vec3b c = colour_of(i);
    if (std::abs(m[0] - c[0]) < 6 && std::abs(m[1] - c[1]) < 6 && std::abs(m[2] - c[2]) < 6) return i;
  }
  return -1;
}

struct ManualClock {
  double now = 100.0;
  VideoBackground::ClockFn fn() {
    return [this] { return now; };
  }
};

// Shows output tick `tick` (waiting, in the test only, until the decoder has
// it: the test must not depend on how fast this machine decodes).
int show(VideoBackground& video, ManualClock& clock, double start, std::uint64_t tick, double fps = 30) {
  clock.now = start + (static_cast<double>(tick) + 0.5) / fps;
  if (tick > 0) {
    EXPECT_TRUE(video.decoder().wait_for_tick(tick, 10.0)) << "tick " << tick;
  }
  const cv::Mat frame(36, 48, CV_8UC3), alpha;
  cv::Mat out;
  video.render({frame, alpha}, out);
  EXPECT_EQ(out.size(), frame.size());
  return frame_index(out);
}

TEST(VideoBackground, PlaysByTheClockAndLoopsWithoutAGap) {
  ManualClock clock;
  VideoBackground video(write_video("loop", 30), VideoOptions{}, clock.fn());
  const double start = clock.now;
  for (std::uint64_t t = 0; t < 3 * kFrames + 3; ++t) {
    EXPECT_EQ(show(video, clock, start, t), static_cast<int>(t % kFrames)) << "tick " << t;
  }
  EXPECT_GE(video.decoder().loops(), 3u);
  EXPECT_EQ(video.late_frames(), 0u);
}

TEST(VideoBackground, GreyVideoShowsAsBgr) {
  // Decoded frames reach the background as 8-bit BGR whatever the file
  // stores (media::MediaReader converts; compose has no second conversion).
  const auto path = test::scratch_dir("compose-video-grey") / "grey.avi";
  {
    cv::VideoWriter writer(path.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30, {64, 48}, false);
    ASSERT_TRUE(writer.isOpened());
    for (int i = 0; i < 3; ++i) writer.write(cv::Mat(48, 64, CV_8UC1, cv::Scalar(90)));
  }
  ManualClock clock;
  VideoBackground video(path, VideoOptions{}, clock.fn());
  ASSERT_EQ(video.decoder().first_raw().type(), CV_8UC3);
  const cv::Mat frame(36, 48, CV_8UC3), alpha;
  cv::Mat out;
  video.render({frame, alpha}, out);
  ASSERT_EQ(out.type(), CV_8UC3);
  const cv::Scalar m = cv::mean(out);
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(m[c], 90, 3) << "channel " << c;
}

TEST(VideoBackground, FasterVideoSkipsAndSlowerVideoRepeats) {
  {
    ManualClock clock;
    VideoBackground video(write_video("fast", 60), VideoOptions{}, clock.fn());
    const double start = clock.now;
    for (std::uint64_t t = 0; t < 12; ++t)
      EXPECT_EQ(show(video, clock, start, t), static_cast<int>((2 * t) % kFrames)) << t;
  }
  {
    ManualClock clock;
    VideoBackground video(write_video("slow", 15), VideoOptions{}, clock.fn());
    const double start = clock.now;
    for (std::uint64_t t = 0; t < 24; ++t)
      EXPECT_EQ(show(video, clock, start, t), static_cast<int>((t / 2) % kFrames)) << t;
  }
}

TEST(VideoBackground, AfterAPauseItGoesOnWhereItStopped) {
  ManualClock clock;
  VideoBackground video(write_video("pause", 30), VideoOptions{}, clock.fn());
  double start = clock.now;
  for (std::uint64_t t = 0; t < 4; ++t) show(video, clock, start, t);
  // Nobody watched for a minute.
  start += 60.0;
  EXPECT_EQ(show(video, clock, start, 3), 4) << "the next frame, not a minute's worth later";
}

TEST(VideoBackground, EffectsRunOnTheDecoderThread) {
  ManualClock clock;
  VideoOptions options;
  options.effects = {BrightnessEffect{50}};
  VideoBackground video(write_video("effects", 30), options, clock.fn());
  const double start = clock.now;
  for (std::uint64_t t = 0; t < 3; ++t) {
    clock.now = start + (static_cast<double>(t) + 0.5) / 30;
    if (t > 0) {
      ASSERT_TRUE(video.decoder().wait_for_tick(t, 10.0));
    }
    const cv::Mat frame(36, 48, CV_8UC3), alpha;
    cv::Mat out;
    video.render({frame, alpha}, out);
    const cv::Scalar m = cv::mean(out);
    EXPECT_NEAR(m[0], colour_of(static_cast<int>(t))[0] / 2.0, 4) << t;
    EXPECT_NEAR(m[1], 50, 4) << t;
  }
}

void expect_error_naming(const std::filesystem::path& path, const std::string& words) {
  try {
    VideoBackground video(path, VideoOptions{});
    ADD_FAILURE() << "accepted " << path;
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find(words), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(VideoBackground, BadFilesAreClearErrors) {
  const auto dir = test::scratch_dir("compose-video-bad");
  expect_error_naming(dir / "missing.mp4", "no such file");
  std::ofstream(dir / "garbage.mp4") << "this is not a video at all";
  expect_error_naming(dir / "garbage.mp4", "neither an image nor a video");
  std::ofstream(dir / "empty.mp4").close();
  expect_error_naming(dir / "empty.mp4", "neither an image nor a video");
  expect_error_naming(dir, "directory");
}

TEST(VideoBackground, ReloadKeepsPlayingWhenTheFileBreaksAndRestartsWhenItIsBack) {
  ManualClock clock;
  const auto path = write_video("reload", 30);
  VideoBackground video(path, VideoOptions{}, clock.fn());
  double start = clock.now;
  EXPECT_EQ(show(video, clock, start, 0), 0);
  EXPECT_EQ(show(video, clock, start, 1), 1);
  std::ofstream(path, std::ios::trunc) << "broken";
  const ReloadResult bad = video.reload();
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.message.find(path.string()), std::string::npos) << bad.message;
  EXPECT_EQ(show(video, clock, start, 2), 2) << "the playing video goes on";
  // A new clip (starting at colour 5) replaces it from its first frame.
  std::filesystem::remove(path);
  std::filesystem::copy_file(write_video("reload-new", 30, kFrames, 5), path);
  ASSERT_TRUE(video.reload().ok);
  start = clock.now;
  EXPECT_EQ(show(video, clock, start, 0), 5);
  EXPECT_EQ(show(video, clock, start, 1), 6);
}

}  // namespace
}  // namespace fakecam::compose
