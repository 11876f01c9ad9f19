// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "capture/frame_source.hpp"
#include "common/yuv_image.hpp"
#include "media/media_files.hpp"
#include "support/test_paths.hpp"
#include "support/yuv_distance.hpp"

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

// --- FileSourceOptions::yuv ---

// Frame i of the colour video: saturated enough that swapped or misplaced
// chroma planes show.
cv::Scalar colour(int i) { return {40.0 + 40 * i, 220.0 - 30 * i, 90}; }

// An MJPEG video as webcams and the test clip have it: full-range
// 4:2:0 or (`chroma422`) 4:2:2, made with the ffmpeg CLI (any size, odd too).
std::filesystem::path make_colour_video(const std::filesystem::path& dir, cv::Size size, bool chroma422 = false) {
  std::vector<cv::Mat> frames;
  for (int i = 0; i < kFrames; ++i) frames.emplace_back(size, CV_8UC3, colour(i));
  return media::test::encode_frames(dir, chroma422 ? "colour422.avi" : "colour420.avi", frames, kVideoFps,
                                    {"-c:v", "mjpeg", "-q:v", "2", "-pix_fmt", chroma422 ? "yuvj422p" : "yuvj420p"});
}

// The same file read as BGR and converted: what the YUV frames must match
// (to within the rounding of the BGR round trip the YUV path avoids).
YuvImage bgr_frame_as_yuv(FrameSource& bgr_source) {
  Frame frame;
  if (!bgr_source.read(frame, 1s)) throw std::runtime_error("the BGR source gave no frame");
  YuvImage yuv;
  bgr_to_yuv(frame.image, yuv);
  return yuv;
}

void expect_yuv_frame(const Frame& frame, cv::Size size) {
  EXPECT_TRUE(frame.image.empty()) << "the picture is in frame.yuv only";
  ASSERT_FALSE(frame.yuv.empty());
  EXPECT_EQ(frame.yuv.size(), size);
  EXPECT_EQ(frame.size(), size);
}

void expect_yuv_video_matches_bgr(const std::filesystem::path& path) {
  const auto source = open_file_source(path, {.paced = false, .yuv = true});
  const auto bgr = open_file_source(path, {.paced = false});
  EXPECT_EQ(source->size(), cv::Size(64, 48));
  Frame frame;
  frame.image = cv::Mat(8, 8, CV_8UC3);  // left over from before: must go
  for (int i = 0; i < 2 * kFrames + 1; ++i) {
    ASSERT_TRUE(source->read(frame, 0ms)) << "frame " << i;
    expect_yuv_frame(frame, {64, 48});
    EXPECT_EQ(frame.sequence, static_cast<std::uint64_t>(i));
    const auto [mean, max] = test::yuv_distance(frame.yuv, bgr_frame_as_yuv(*bgr));
    EXPECT_LT(mean, 1.0) << "frame " << i;
    EXPECT_LE(max, 3.0) << "frame " << i;
  }
}

TEST(FileSourceYuv, VideoDeliversYuvFramesThatMatchTheBgrOnes) {
  const auto dir = test::scratch_dir("file-yuv-video");
  for (const auto& path : {make_colour_video(dir, {64, 48}), make_colour_video(dir, {64, 48}, true)}) {
    SCOPED_TRACE(path.filename().string());
    expect_yuv_video_matches_bgr(path);
  }
}

// A Motion-JPEG file takes the webcam's JPEG decoder, and as from a webcam
// a JPEG that does not decode is skipped: the frames before and after it
// come in order, on every pass.
TEST(FileSourceYuv, MotionJpegTakesTheWebcamDecoderAndSkipsABrokenJpeg) {
  const auto dir = test::scratch_dir("file-yuv-broken-jpeg");
  std::string stream;
  for (int i = 0; i < kFrames; ++i) {
    if (i == 2) {
      // Start and end markers around bytes that are no JPEG segment.
      stream += std::string("\xff\xd8\xff\xe0\x00\x10JFIF-but-broken\xff\xd9", 22);
      continue;
    }
    std::vector<std::uint8_t> jpeg;
    cv::imencode(".jpg", cv::Mat(48, 64, CV_8UC3, cv::Scalar::all(level(i))), jpeg);
    stream.append(jpeg.begin(), jpeg.end());
  }
  media::test::write_text(dir / "raw.mjpeg", stream);
  const auto path = dir / "broken.avi";
  media::test::run_ffmpeg("ffmpeg", {"-y", "-f", "mjpeg", "-framerate", "10", "-i", (dir / "raw.mjpeg").string(), "-c",
                                     "copy", path.string()});
  const auto source = open_file_source(path, {.paced = false, .yuv = true});
  EXPECT_NE(source->description().find("Motion-JPEG video 64x48"), std::string::npos) << source->description();
  Frame frame;
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < kFrames; ++i) {
      if (i == 2) continue;
      ASSERT_TRUE(source->read(frame, 0ms)) << "pass " << pass << " frame " << i;
      expect_yuv_frame(frame, {64, 48});
      YuvImage want;
      bgr_to_yuv(cv::Mat(48, 64, CV_8UC3, cv::Scalar::all(level(i))), want);
      EXPECT_NEAR(cv::mean(frame.yuv.y())[0], cv::mean(want.y())[0], 2) << "pass " << pass << " frame " << i;
    }
  }
}

TEST(FileSourceYuv, VideoIsResizedInYuv) {
  const auto path = make_colour_video(test::scratch_dir("file-yuv-resize"), {64, 48});
  for (const cv::Size asked : {cv::Size(32, 40), cv::Size(0, 24), cv::Size(128, 96)}) {
    const auto source = open_file_source(path, {.size = asked, .paced = false, .yuv = true});
    const cv::Size size = file_output_size(asked, {64, 48});
    EXPECT_EQ(source->size(), size);
    const auto bgr = open_file_source(path, {.size = asked, .paced = false});
    Frame frame;
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(source->read(frame, 0ms));
      expect_yuv_frame(frame, size);
      // Flat frames: any resize keeps the colour.
      const auto [mean, max] = test::yuv_distance(frame.yuv, bgr_frame_as_yuv(*bgr));
      EXPECT_LT(mean, 1.0) << asked << " frame " << i;
      EXPECT_LE(max, 3.0) << asked << " frame " << i;
    }
  }
}

TEST(FileSourceYuv, StillImagesDeliverYuvFrames) {
  const auto dir = test::scratch_dir("file-yuv-still");
  cv::Mat image(30, 40, CV_8UC3);
  cv::randu(image, 0, 256);
  ASSERT_TRUE(cv::imwrite((dir / "still.png").string(), image));
  YuvImage expected;
  bgr_to_yuv(image, expected);  // RGB pictures convert once, with bgr_to_yuv
  const auto png = open_file_source(dir / "still.png", {.paced = false, .yuv = true});
  EXPECT_EQ(png->size(), cv::Size(40, 30));
  Frame frame;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(png->read(frame, 0ms));
    expect_yuv_frame(frame, {40, 30});
    EXPECT_EQ(test::yuv_distance(frame.yuv, expected).max, 0.0);
    frame.yuv.fill(0, 0, 0);  // the caller may draw on its frame
  }

  // A JPEG keeps its own planes (4:2:0 here), resized in YUV when asked.
  ASSERT_TRUE(
      cv::imwrite((dir / "still.jpg").string(), cv::Mat(48, 64, CV_8UC3, colour(1)), {cv::IMWRITE_JPEG_QUALITY, 95}));
  for (const cv::Size asked : {cv::Size(), cv::Size(32, 24)}) {
    const auto jpeg = open_file_source(dir / "still.jpg", {.size = asked, .paced = false, .yuv = true});
    const cv::Size size = asked.empty() ? cv::Size(64, 48) : asked;
    EXPECT_EQ(jpeg->size(), size);
    ASSERT_TRUE(jpeg->read(frame, 0ms));
    expect_yuv_frame(frame, size);
    const auto bgr = open_file_source(dir / "still.jpg", {.size = asked, .paced = false});
    const auto [mean, max] = test::yuv_distance(frame.yuv, bgr_frame_as_yuv(*bgr));
    EXPECT_LT(mean, 1.0) << asked;
    EXPECT_LE(max, 3.0) << asked;
  }
}

// 4:2:0 cannot hold an odd side: a file of odd size is played at the even
// size just below; an odd size asked for is refused, naming the file.
TEST(FileSourceYuv, OddSizesAreMadeEvenOrRefused) {
  const auto dir = test::scratch_dir("file-yuv-odd");
  const auto video = make_colour_video(dir, {63, 47});
  ASSERT_TRUE(cv::imwrite((dir / "odd.png").string(), cv::Mat(31, 41, CV_8UC3, colour(2))));
  for (const auto& path : {video, dir / "odd.png"}) {
    const auto source = open_file_source(path, {.paced = false, .yuv = true});
    const cv::Size size = path == video ? cv::Size(62, 46) : cv::Size(40, 30);
    EXPECT_EQ(source->size(), size) << path;
    Frame frame;
    ASSERT_TRUE(source->read(frame, 0ms)) << path;
    expect_yuv_frame(frame, size);
    const auto bgr = open_file_source(path, {.size = size, .paced = false});
    const auto [mean, max] = test::yuv_distance(frame.yuv, bgr_frame_as_yuv(*bgr));
    EXPECT_LT(mean, 1.0) << path;
    EXPECT_LE(max, 3.0) << path;
    // The BGR path keeps the odd size.
    EXPECT_EQ(open_file_source(path, {.paced = false})->size(), path == video ? cv::Size(63, 47) : cv::Size(41, 31));
  }
  const std::string message = error_of(video, {.size = {33, 24}, .yuv = true});
  EXPECT_NE(message.find(video.string()), std::string::npos) << message;
  EXPECT_NE(message.find("33x24"), std::string::npos) << message;
  EXPECT_NE(message.find("even"), std::string::npos) << message;
}

}  // namespace
}  // namespace fakecam::capture
