// SPDX-License-Identifier: GPL-3.0-or-later
// `fakecam` end to end on the host: a file input, a y4m output, and checks on
// the pixels of what comes out. (The same against real V4L2 drivers runs in
// the VM scenarios under tests/vm.)

#include <gtest/gtest.h>

#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/person_regions.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"
#include "support/y4m_reader.hpp"

namespace fakecam::test {
namespace {

const std::filesystem::path kPerson = data_dir() / "selfie-ref" / "landscape" / "grace_hopper.png";
const std::filesystem::path kPersonMask = data_dir() / "selfie-ref" / "landscape" / "grace_hopper_ref.png";

CommandResult fakecam(std::vector<std::string> args) {
  args.insert(args.begin(), fakecam_binary().string());
  args.push_back("--no-status");
  return run_command(args, 300);
}

test::PersonRegions regions_at(cv::Size size) { return test::person_regions(kPersonMask, size); }

TEST(CameraCommand, SolidBackgroundReplacesTheBackgroundAndKeepsThePerson) {
  const auto dir = scratch_dir("camera-solid");
  const auto out = dir / "out.y4m";
  const auto result = fakecam({"--input", kPerson.string(), "-W", "512", "-H", "288", "-F", "10", "--background-colour",
                               "#00ff00", "--output", out.string(), "--frames", "4"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Y4mVideo video = read_y4m(out);
  EXPECT_EQ(video.width, 512);
  EXPECT_EQ(video.height, 288);
  EXPECT_EQ(video.frame_rate, "10:1");
  ASSERT_EQ(video.frames.size(), 4u);
  // At the end, one line of what the run cost (the status line's fields).
  EXPECT_NE(result.err.find("stopped: 4 frames written, 0 dropped; last: "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("ms (median/p95)"), std::string::npos) << result.err;
  const test::PersonRegions r = regions_at({512, 288});
  ASSERT_GT(cv::countNonZero(r.person), 5000);
  ASSERT_GT(cv::countNonZero(r.background), 5000);
  for (const cv::Mat& frame : video.frames) {
    const cv::Scalar bg = cv::mean(frame, r.background);
    EXPECT_NEAR(bg[0], 0, 6);
    EXPECT_NEAR(bg[1], 255, 6);
    EXPECT_NEAR(bg[2], 0, 6);
    // Every background pixel, not just the mean, is green.
    cv::Mat green_enough = frame.clone();
    cv::Mat ok;
    cv::inRange(frame, cv::Scalar(0, 235, 0), cv::Scalar(20, 255, 20), ok);
    EXPECT_EQ(cv::countNonZero(r.background & ~ok), 0);
    // The person is still there: far from green on average.
    const cv::Scalar person = cv::mean(frame, r.person);
    EXPECT_GT(std::abs(person[1] - 255) + person[0] + person[2], 150);
  }
}

TEST(CameraCommand, InputWithOnlyAHeightKeepsTheAspect) {
  // The person picture is 16:9 (see regions_at); -H 180 alone must give
  // 320x180, not the default width 1280 stretched over 180 lines.
  const cv::Size picture = cv::imread(kPerson.string()).size();
  ASSERT_EQ(picture.width * 9, picture.height * 16) << "the test picture is no longer 16:9";
  const auto out = scratch_dir("camera-height-only") / "out.y4m";
  const auto result = fakecam({"--input", kPerson.string(), "-H", "180", "--output", out.string(), "--frames", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Y4mVideo video = read_y4m(out);
  EXPECT_EQ(video.width, 320);
  EXPECT_EQ(video.height, 180);
}

TEST(CameraCommand, BackgroundImageFromTheImageFolderIsUsedByDefault) {
  // The seed's habit: background.* in the image folder (-i).
  const auto dir = scratch_dir("camera-folder");
  cv::imwrite((dir / "background.png").string(), cv::Mat(90, 160, CV_8UC3, cv::Scalar(255, 0, 0)));
  const auto out = dir / "out.y4m";
  const auto result = fakecam({"--input", kPerson.string(), "-W", "512", "-H", "288", "-i", dir.string(), "--output",
                               out.string(), "--frames", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Y4mVideo video = read_y4m(out);
  ASSERT_EQ(video.frames.size(), 2u);
  const cv::Scalar bg = cv::mean(video.frames.back(), regions_at({512, 288}).background);
  EXPECT_NEAR(bg[0], 255, 6);
  EXPECT_NEAR(bg[1], 0, 6);
  EXPECT_NEAR(bg[2], 0, 6);
}

TEST(CameraCommand, BlurIsTheDefaultWithoutAnImage) {
  const auto dir = scratch_dir("camera-blur");
  const auto out = dir / "out.y4m";
  // A striped input: blur flattens the stripes in the background only.
  cv::Mat person = cv::imread(kPerson.string());
  cv::resize(person, person, {512, 288});
  const test::PersonRegions r = regions_at({512, 288});
  for (int y = 0; y < person.rows; ++y) {
    for (int x = 0; x < person.cols; ++x) {
      if (r.background.at<uchar>(y, x) != 0)
        person.at<cv::Vec3b>(y, x) = ((x / 4) % 2) ? cv::Vec3b(250, 250, 250) : cv::Vec3b(5, 5, 5);
    }
  }
  const auto input = dir / "striped.png";
  cv::imwrite(input.string(), person);
  const auto result =
      fakecam({"--input", input.string(), "-i", dir.string(), "--output", out.string(), "--frames", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Y4mVideo video = read_y4m(out);
  ASSERT_EQ(video.frames.size(), 2u);
  cv::Scalar in_mean, in_std, out_mean, out_std;
  cv::meanStdDev(person, in_mean, in_std, r.background);
  cv::meanStdDev(video.frames.back(), out_mean, out_std, r.background);
  EXPECT_GT(in_std[0], 100);
  EXPECT_LT(out_std[0], 20) << "the background stripes should be blurred away";
}

TEST(CameraCommand, BadInputsGiveOneLineErrors) {
  const auto dir = scratch_dir("camera-errors");
  const auto out = (dir / "out.y4m").string();
  struct Case {
    std::vector<std::string> args;
    std::string expected;  // part of the message
  };
  const std::string corrupt = (dir / "corrupt.jpg").string();
  { std::ofstream(corrupt) << "not a jpeg at all"; }
  const std::string typo_config = (dir / "typo.ini").string();
  { std::ofstream(typo_config) << "height = 360\nwidht = 640\n"; }
  // A copy: if the refusal broke, only the copy would be overwritten.
  const std::string own_clip = (dir / "my-clip.png").string();
  std::filesystem::copy_file(kPerson, own_clip);
  const std::vector<Case> cases = {
      {{"--input", (dir / "missing.mp4").string(), "--output", out}, "missing.mp4"},
      {{"--input", kPerson.string(), "-b", (dir / "nope.jpg").string(), "--output", out}, "nope.jpg"},
      {{"--input", kPerson.string(), "-b", corrupt, "--output", out}, "corrupt.jpg"},
      {{"--input", kPerson.string(), "--output", (dir / "no-such-dir" / "x.y4m").string()}, "no-such-dir"},
      {{"--input", kPerson.string(), "--threshold", "150", "--output", out}, "threshold"},
      {{"--input", kPerson.string(), "--threshold", "2", "--output", out}, "write 2%"},
      {{"--input", kPerson.string(), "--light-wrap", "--output", out}, "--light-wrap: needs a value"},
      {{"--input", kPerson.string(), "--widht", "640", "--output", out}, "did you mean --width?"},
      {{"--input", kPerson.string(), "-c", typo_config, "--output", out},
       "typo.ini:2: unknown key 'widht' (did you mean width?)"},
      {{"--input", own_clip, "--output", own_clip}, "--input"},
      {{"--input", kPerson.string(), "--blur", "abc", "--output", out}, "--blur"},
      {{"--input", kPerson.string(), "--background-colour", "notacolour", "--output", out}, "notacolour"},
      {{"--input", kPerson.string(), "--model", (dir / "none.tflite").string(), "--output", out}, "none.tflite"},
      {{"-w", "/dev/fakecam-no-such-webcam", "--output", out}, "/dev/fakecam-no-such-webcam"},
      {{"--input", kPerson.string(), "-v", "/dev/fakecam-no-such-loopback"}, "/dev/fakecam-no-such-loopback"},
  };
  for (const Case& c : cases) {
    const auto result = fakecam(c.args);
    EXPECT_EQ(result.exit_code, 1) << c.expected << ": " << result.err;
    EXPECT_EQ(result.signal, 0) << c.expected;
    EXPECT_NE(result.err.find(c.expected), std::string::npos) << result.err;
    // The error is one line (logs before it are fine): the last line names the problem.
    const auto last = result.err.substr(result.err.rfind('\n', result.err.size() - 2) + 1);
    EXPECT_NE(last.find("fakecam: "), std::string::npos) << result.err;
    EXPECT_NE(last.find(c.expected), std::string::npos) << "last line: " << last;
  }
}

}  // namespace
}  // namespace fakecam::test
