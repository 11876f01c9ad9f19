// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "capture/frame_source.hpp"
#include "support/test_paths.hpp"

namespace fakecam::capture {
namespace {

using namespace std::chrono_literals;

constexpr int kFrames = 5;
constexpr double kVideoFps = 10;

// Frame i of the generated video is uniformly grey at level(i).
int level(int i) { return 40 + 40 * i; }

std::filesystem::path make_video(const std::filesystem::path& dir) {
  const auto path = dir / "clip.avi";
  cv::VideoWriter writer(path.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), kVideoFps,
                         cv::Size(64, 48));
  if (!writer.isOpened()) throw std::runtime_error("cannot write the test video");
  for (int i = 0; i < kFrames; ++i) writer.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar::all(level(i))));
  return path;
}

std::string error_of(const std::filesystem::path& path, const FileSourceOptions& options = {}) {
  try {
    open_file_source(path, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(FileSource, VideoLoopsForeverInOrder) {
  const auto path = make_video(test::scratch_dir("file-video-loop"));
  const auto source = open_file_source(path, {.paced = false});
  EXPECT_EQ(source->size(), cv::Size(64, 48));
  EXPECT_DOUBLE_EQ(source->fps(), kVideoFps);
  EXPECT_NE(source->description().find(path.string()), std::string::npos);
  Frame frame;
  for (int i = 0; i < 3 * kFrames + 2; ++i) {
    ASSERT_TRUE(source->read(frame, 0ms)) << "frame " << i;
    ASSERT_EQ(frame.image.type(), CV_8UC3);
    ASSERT_EQ(frame.image.size(), cv::Size(64, 48));
    EXPECT_EQ(frame.sequence, static_cast<std::uint64_t>(i));
    EXPECT_NEAR(cv::mean(frame.image)[1], level(i % kFrames), 3) << "frame " << i;
  }
}

TEST(FileSource, VideoIsResizedWhenAsked) {
  const auto path = make_video(test::scratch_dir("file-video-resize"));
  const auto source = open_file_source(path, {.size = {32, 40}, .paced = false});
  EXPECT_EQ(source->size(), cv::Size(32, 40));
  Frame frame;
  ASSERT_TRUE(source->read(frame, 0ms));
  EXPECT_EQ(frame.image.size(), cv::Size(32, 40));
  EXPECT_NEAR(cv::mean(frame.image)[0], level(0), 3);
}

TEST(FileSource, OneSideGivenKeepsTheFilesAspect) {
  EXPECT_EQ(file_output_size({0, 720}, {1920, 1080}), cv::Size(1280, 720));
  EXPECT_EQ(file_output_size({640, 0}, {1920, 1080}), cv::Size(640, 360));
  EXPECT_EQ(file_output_size({0, 480}, {1280, 720}), cv::Size(854, 480)) << "853.3 rounds to an even 854";
  EXPECT_EQ(file_output_size({0, 0}, {64, 48}), cv::Size(64, 48));
  EXPECT_EQ(file_output_size({32, 40}, {64, 48}), cv::Size(32, 40)) << "both sides given: exactly that";
}

TEST(FileSource, VideoWithOnlyAHeightKeepsItsAspect) {
  const auto path = make_video(test::scratch_dir("file-video-height"));
  const auto source = open_file_source(path, {.size = {0, 24}, .paced = false});
  EXPECT_EQ(source->size(), cv::Size(32, 24));
  Frame frame;
  ASSERT_TRUE(source->read(frame, 1s));
  EXPECT_EQ(frame.image.size(), cv::Size(32, 24));
}

TEST(FileSource, StillImageRepeatsAtTheRequestedRate) {
  const auto dir = test::scratch_dir("file-still");
  cv::Mat image(30, 40, CV_8UC3);
  cv::randu(image, 0, 256);
  const auto path = dir / "still.png";
  ASSERT_TRUE(cv::imwrite(path.string(), image));
  const auto source = open_file_source(path, {.fps = 12.5, .paced = false});
  EXPECT_EQ(source->size(), cv::Size(40, 30));
  EXPECT_DOUBLE_EQ(source->fps(), 12.5);
  Frame frame;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(source->read(frame, 0ms));
    EXPECT_EQ(cv::norm(frame.image, image, cv::NORM_INF), 0.0);
    EXPECT_EQ(frame.sequence, static_cast<std::uint64_t>(i));
    frame.image.setTo(cv::Scalar::all(0));  // the caller may draw on its frame
  }
}

TEST(FileSource, GreyImageBecomesBgr) {
  const auto path = test::scratch_dir("file-grey") / "grey.png";
  ASSERT_TRUE(cv::imwrite(path.string(), cv::Mat(8, 8, CV_8UC1, cv::Scalar(77))));
  const auto source = open_file_source(path, {.size = {16, 16}, .paced = false});
  Frame frame;
  ASSERT_TRUE(source->read(frame, 0ms));
  EXPECT_EQ(frame.image.type(), CV_8UC3);
  EXPECT_EQ(frame.image.size(), cv::Size(16, 16));
  EXPECT_EQ(cv::mean(frame.image), cv::Scalar(77, 77, 77, 0));
}

TEST(FileSource, PacedSourceHoldsTheNextFrameUntilItIsDue) {
  // At 0.01 fps the second frame is due 100 s after the first: a read with no
  // time to wait must report "no frame yet" and leave the frame alone.
  const auto path = test::scratch_dir("file-paced") / "still.png";
  ASSERT_TRUE(cv::imwrite(path.string(), cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3))));
  const auto source = open_file_source(path, {.fps = 0.01});
  Frame frame;
  ASSERT_TRUE(source->read(frame, 0ms));  // the first frame is due at once
  frame.image.setTo(cv::Scalar::all(9));
  EXPECT_FALSE(source->read(frame, 0ms));
  EXPECT_FALSE(source->read(frame, 1ms));
  EXPECT_EQ(frame.sequence, 0u);
  EXPECT_EQ(cv::mean(frame.image), cv::Scalar(9, 9, 9, 0));
}

TEST(FileSource, MissingFileIsNamed) {
  const auto path = test::scratch_dir("file-missing") / "nope.mp4";
  const std::string message = error_of(path);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("no such file"), std::string::npos) << message;
}

TEST(FileSource, DirectoryIsRefused) {
  const auto dir = test::scratch_dir("file-dir");
  const std::string message = error_of(dir);
  EXPECT_NE(message.find("is a directory"), std::string::npos) << message;
}

// Over 8192x8192: too large, with the limit, not "corrupt" (the PNG's IHDR
// claims 9000x9000; FFmpeg skips the CRC).
TEST(FileSource, TooLargePictureSaysSo) {
  const auto dir = test::scratch_dir("file-huge");
  ASSERT_TRUE(cv::imwrite((dir / "small.png").string(), cv::Mat(4, 4, CV_8UC3, cv::Scalar(1, 2, 3))));
  std::ifstream in(dir / "small.png", std::ios::binary);
  std::string png{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const char dims[8] = {0, 0, 0x23, 0x28, 0, 0, 0x23, 0x28};
  png.replace(16, 8, dims, 8);
  std::ofstream(dir / "huge.png", std::ios::binary) << png;
  const std::string message = error_of(dir / "huge.png");
  for (const char* part : {"huge.png", "9000x9000", "too large", "8192x8192"}) {
    EXPECT_NE(message.find(part), std::string::npos) << message << " should mention " << part;
  }
  EXPECT_EQ(message.find("corrupt"), std::string::npos) << message;
}

TEST(FileSource, NonMediaFileIsNamed) {
  const auto path = test::scratch_dir("file-text") / "notes.txt";
  std::ofstream(path) << "this is not a video\n";
  const std::string message = error_of(path);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not a video or image"), std::string::npos) << message;
}

TEST(FileSource, TruncatedVideoIsNamed) {
  const auto dir = test::scratch_dir("file-truncated");
  const auto good = make_video(dir);
  const auto bad = dir / "cut.avi";
  {
    std::ifstream in(good, std::ios::binary);
    std::string head(200, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    std::ofstream(bad, std::ios::binary) << head;
  }
  const std::string message = error_of(bad);
  EXPECT_NE(message.find(bad.string()), std::string::npos) << message;
}

TEST(FileSource, BadRateIsRefused) {
  const auto path = test::scratch_dir("file-bad-rate") / "still.png";
  ASSERT_TRUE(cv::imwrite(path.string(), cv::Mat(8, 8, CV_8UC3)));
  const std::string message = error_of(path, {.fps = 0});
  EXPECT_NE(message.find("frame rate"), std::string::npos) << message;
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
}

}  // namespace
}  // namespace fakecam::capture
