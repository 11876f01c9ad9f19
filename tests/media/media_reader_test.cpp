// SPDX-License-Identifier: GPL-3.0-or-later
// MediaReader on real files: videos of several containers, codecs and pixel
// formats (made with the ffmpeg CLI) decode to the right colours, count and
// rate, loop by rewind(); images are told from videos; damaged files are
// OpenErrors naming the file, never crashes or hangs.

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <fstream>
#include <span>

#include <opencv2/imgcodecs.hpp>

#include "common/yuv_image.hpp"
#include "media/media_files.hpp"
#include "media/media_reader.hpp"
#include "support/test_paths.hpp"
#include "support/yuv_distance.hpp"

namespace fakecam::media {
namespace {

using test::clip_colour;
using test::is_solid;
using test::make_clip;

struct ClipCase {
  std::string name;  // file name: the extension picks the container
  std::vector<std::string> codec_args;
  int tolerance;  // lossy codecs and YUV round trips
};

std::string case_name(const ::testing::TestParamInfo<ClipCase>& info) {
  std::string name = info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class ClipTest : public ::testing::TestWithParam<ClipCase> {};

// Every frame in order with its colour, the end, and the same again after
// rewind(): the loop the background video and --input rely on.
TEST_P(ClipTest, DecodesEveryFrameInOrderAndLoops) {
  const ClipCase& c = GetParam();
  const auto dir = fakecam::test::scratch_dir("media-clip-" + case_name({c, 0}));
  constexpr int kFrames = 7;
  const auto path = make_clip(dir, c.name, kFrames, 10, c.codec_args);
  MediaReader reader(path);
  EXPECT_FALSE(reader.is_still());
  EXPECT_EQ(reader.size(), cv::Size(64, 48));
  EXPECT_NEAR(reader.fps(), 10, 1e-6) << reader.format_description();
  cv::Mat frame;
  for (int pass = 0; pass < 3; ++pass) {
    for (int i = 0; i < kFrames; ++i) {
      ASSERT_TRUE(reader.read(frame)) << "pass " << pass << " frame " << i;
      ASSERT_EQ(frame.type(), CV_8UC3);
      ASSERT_EQ(frame.size(), cv::Size(64, 48));
      EXPECT_TRUE(is_solid(frame, clip_colour(i), c.tolerance)) << "pass " << pass << " frame " << i;
    }
    EXPECT_FALSE(reader.read(frame)) << "pass " << pass << ": more frames than were written";
    EXPECT_FALSE(reader.grab()) << "the end stays the end";
    ASSERT_TRUE(reader.rewind());
  }
}

// grab() skips without converting; retrieve() then gives the frame grabbed last.
TEST_P(ClipTest, GrabSkipsAndRetrieveGivesTheLastGrabbed) {
  const ClipCase& c = GetParam();
  const auto dir = fakecam::test::scratch_dir("media-grab-" + case_name({c, 0}));
  const auto path = make_clip(dir, c.name, 6, 10, c.codec_args);
  MediaReader reader(path);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(reader.grab());
  cv::Mat frame;
  reader.retrieve(frame);
  EXPECT_TRUE(is_solid(frame, clip_colour(3), c.tolerance));
  cv::Mat bgra;
  reader.retrieve(bgra, PixelFormat::bgra);
  ASSERT_EQ(bgra.type(), CV_8UC4);
  std::vector<cv::Mat> channels;
  cv::split(bgra, channels);
  EXPECT_EQ(cv::countNonZero(channels[3] != 255), 0) << "no alpha in the file: opaque";
}

// retrieve(YuvImage&) gives the frame retrieve(cv::Mat&) gives, converted
// with bgr_to_yuv, to within the roundings of the BGR round trip it avoids
// (flat colours: a level or two), for every layout the decoders give:
// copied (yuv420p), subsampled (yuvj422p, yuv444p), range-scaled (yuvj*),
// or through BGR (10-bit, RGB, palette).
TEST_P(ClipTest, RetrievesYuvLikeTheBgrFrameConverted) {
  const ClipCase& c = GetParam();
  const auto dir = fakecam::test::scratch_dir("media-yuv-" + case_name({c, 0}));
  const auto path = make_clip(dir, c.name, 4, 10, c.codec_args);
  MediaReader reader(path);
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE(reader.grab()) << "pass " << pass << " frame " << i;
      YuvImage yuv;
      reader.retrieve(yuv);
      ASSERT_EQ(yuv.size(), cv::Size(64, 48));
      cv::Mat bgr;
      reader.retrieve(bgr);
      YuvImage reference;
      bgr_to_yuv(bgr, reference);
      const auto [mean, max] = fakecam::test::yuv_distance(yuv, reference);
      EXPECT_LE(mean, 1.0) << "frame " << i;
      EXPECT_LE(max, 2.0) << "frame " << i;
      cv::Mat back;
      yuv_to_bgr(yuv, back);
      EXPECT_TRUE(is_solid(back, clip_colour(i), c.tolerance + 3)) << "frame " << i;
    }
    ASSERT_TRUE(reader.rewind());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Containers, ClipTest,
    ::testing::Values(
        ClipCase{"h264.mp4", {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "3", "-bf", "2"}, 8},
        ClipCase{"mjpeg.avi", {"-c:v", "mjpeg", "-q:v", "2", "-pix_fmt", "yuvj422p"}, 8},
        ClipCase{"mpeg4.mkv", {"-c:v", "mpeg4", "-q:v", "2"}, 8},
        ClipCase{"vp9-444.webm",
                 {"-c:v", "libvpx-vp9", "-pix_fmt", "yuv444p", "-crf", "10", "-b:v", "0", "-deadline", "realtime"},
                 8},
        ClipCase{"h264-10bit.mkv", {"-c:v", "libx264", "-pix_fmt", "yuv422p10le", "-qp", "0"}, 4},
        ClipCase{"ffv1-bgr.mkv", {"-c:v", "ffv1", "-pix_fmt", "bgr0"}, 0},
        ClipCase{"raw.h264", {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "2"}, 8},
        ClipCase{"palette.gif", {"-vf", "split[a][b];[a]palettegen[p];[b][p]paletteuse", "-c:v", "gif"}, 12}),
    case_name);

// BT.709-tagged HD video decodes with the BT.709 matrix (a 601 decode of a
// saturated colour is off by 20+ levels).
TEST(MediaReader, HonoursTheBt709ColourMatrix) {
  const auto dir = fakecam::test::scratch_dir("media-bt709");
  const auto path = make_clip(dir, "bt709.mp4", 2, 10,
                              {"-vf", "scale=out_color_matrix=bt709:out_range=tv", "-colorspace", "bt709", "-c:v",
                               "libx264", "-pix_fmt", "yuv444p", "-qp", "0"});
  MediaReader reader(path);
  cv::Mat frame;
  ASSERT_TRUE(reader.read(frame));
  EXPECT_TRUE(is_solid(frame, clip_colour(0), 3));
}

// Full-range ("JPEG") YUV in a video keeps its blacks and whites.
TEST(MediaReader, HonoursFullRangeYuv) {
  const auto dir = fakecam::test::scratch_dir("media-full-range");
  const auto path = make_clip(
      dir, "full.mkv", 2, 10,
      {"-vf", "scale=out_range=pc", "-color_range", "pc", "-c:v", "libx264", "-pix_fmt", "yuv444p", "-qp", "0"});
  MediaReader reader(path);
  cv::Mat frame;
  ASSERT_TRUE(reader.read(frame));
  EXPECT_TRUE(is_solid(frame, clip_colour(0), 3));
}

TEST(MediaReader, FrameRateOfTheFile) {
  const auto dir = fakecam::test::scratch_dir("media-fps");
  const MediaReader h264(make_clip(dir, "a.mp4", 3, 25, {"-c:v", "libx264"}));
  EXPECT_NEAR(h264.fps(), 25, 1e-6);
  EXPECT_FALSE(h264.has_alpha());
  EXPECT_NEAR(MediaReader(make_clip(dir, "b.mkv", 3, 12.5, {"-c:v", "mpeg4"})).fps(), 12.5, 1e-6);
  EXPECT_NEAR(MediaReader(make_clip(dir, "c.avi", 3, 60, {"-c:v", "mjpeg"})).fps(), 60, 1e-6);
}

TEST(MediaReader, StillImagesAreToldFromVideos) {
  const auto dir = fakecam::test::scratch_dir("media-still");
  const cv::Mat image(20, 30, CV_8UC3, cv::Scalar(10, 200, 90));
  for (const char* name : {"a.png", "a.jpg", "a.bmp", "a.tiff", "a.webp"}) {
    ASSERT_TRUE(cv::imwrite((dir / name).string(), image)) << name;
    MediaReader reader(dir / name);
    EXPECT_TRUE(reader.is_still()) << name << ": " << reader.format_description();
    EXPECT_TRUE(is_still_image_file(dir / name)) << name;
    EXPECT_EQ(reader.size(), cv::Size(30, 20)) << name;
    cv::Mat frame;
    ASSERT_TRUE(reader.read(frame)) << name;
    EXPECT_TRUE(is_solid(frame, {10, 200, 90}, 4)) << name;
    EXPECT_FALSE(reader.read(frame)) << name << ": one picture";
    ASSERT_TRUE(reader.rewind()) << name;
    ASSERT_TRUE(reader.read(frame)) << name << " again";
    EXPECT_TRUE(is_solid(frame, {10, 200, 90}, 4)) << name;
  }
  // A one-frame video is still a video; a JPEG named .dat is still an image.
  const auto one = make_clip(dir, "one.mp4", 1, 10, {"-c:v", "libx264"});
  EXPECT_FALSE(is_still_image_file(one));
  EXPECT_FALSE(MediaReader(one).is_still());
  std::filesystem::copy_file(dir / "a.jpg", dir / "photo.dat");
  EXPECT_TRUE(is_still_image_file(dir / "photo.dat"));
  // Not media at all: neither.
  test::write_text(dir / "notes.txt", "just text\n");
  EXPECT_FALSE(is_still_image_file(dir / "notes.txt"));
  EXPECT_FALSE(is_still_image_file(dir / "missing.png"));
}

// The packets of a Motion-JPEG video are its frames' JPEGs, the first one
// included (the constructor decoded it already), in order, and again from
// the first after rewind(); other videos and stills are not Motion-JPEG.
TEST(MediaReader, MotionJpegPacketsAreTheFramesJpegsInOrder) {
  const auto dir = fakecam::test::scratch_dir("media-jpeg-packets");
  constexpr int kFrames = 4;
  MediaReader reader(make_clip(dir, "m.avi", kFrames, 10, {"-c:v", "mjpeg"}));
  ASSERT_TRUE(reader.is_motion_jpeg()) << reader.format_description();
  std::span<const std::uint8_t> jpeg;
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < kFrames; ++i) {
      ASSERT_TRUE(reader.next_jpeg(jpeg)) << "pass " << pass << " frame " << i;
      const cv::Mat frame = cv::imdecode(
          cv::Mat(1, static_cast<int>(jpeg.size()), CV_8UC1, const_cast<std::uint8_t*>(jpeg.data())), cv::IMREAD_COLOR);
      ASSERT_FALSE(frame.empty()) << "pass " << pass << " frame " << i << ": not a JPEG";
      EXPECT_TRUE(is_solid(frame, clip_colour(i), 6)) << "pass " << pass << " frame " << i;
    }
    EXPECT_FALSE(reader.next_jpeg(jpeg)) << "pass " << pass << ": the end";
    ASSERT_TRUE(reader.rewind());
  }
  EXPECT_FALSE(MediaReader(make_clip(dir, "h.mp4", 2, 10, {"-c:v", "libx264"})).is_motion_jpeg());
  ASSERT_TRUE(cv::imwrite((dir / "still.jpg").string(), cv::Mat(16, 16, CV_8UC3, cv::Scalar::all(90))));
  EXPECT_FALSE(MediaReader(dir / "still.jpg").is_motion_jpeg()) << "a still JPEG is an image";
}

TEST(MediaReader, AlphaIsReportedAndKeptInBgra) {
  const auto dir = fakecam::test::scratch_dir("media-alpha");
  cv::Mat bgra(16, 24, CV_8UC4);
  cv::randu(bgra, 0, 256);
  ASSERT_TRUE(cv::imwrite((dir / "alpha.png").string(), bgra));
  MediaReader reader(dir / "alpha.png", {.layout = PixelFormat::bgra});
  EXPECT_TRUE(reader.has_alpha());
  cv::Mat out;
  ASSERT_TRUE(reader.read(out));
  ASSERT_EQ(out.type(), CV_8UC4);
  EXPECT_EQ(cv::norm(out, bgra, cv::NORM_INF), 0.0);
}

// Names FFmpeg could take for a pattern ("%03d"), a protocol ("a:b") or
// an option are one file each.
TEST(MediaReader, OddFileNamesAreJustFiles) {
  const auto dir = fakecam::test::scratch_dir("media-names");
  const cv::Mat image(8, 8, CV_8UC3, cv::Scalar(1, 2, 3));
  for (const char* name : {"frame%03d.png", "http:x.png", "-i.png", "a b.png"}) {
    ASSERT_TRUE(cv::imwrite((dir / name).string(), image)) << name;
    MediaReader reader(dir / name);
    cv::Mat frame;
    ASSERT_TRUE(reader.read(frame)) << name;
    EXPECT_EQ(cv::norm(frame, image, cv::NORM_INF), 0.0) << name;
  }
}

OpenError::Kind open_error_kind(const std::filesystem::path& path) {
  try {
    MediaReader reader(path);
  } catch (const OpenError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return e.kind();
  }
  ADD_FAILURE() << "opened " << path;
  return OpenError::Kind::not_media;
}

TEST(MediaReader, BadFilesAreOpenErrorsNamingTheFile) {
  const auto dir = fakecam::test::scratch_dir("media-bad");
  const auto mp4 = make_clip(dir, "good.mp4", 10, 10, {"-c:v", "libx264"});
  const auto avi = make_clip(dir, "good.avi", 10, 10, {"-c:v", "mjpeg"});
  cv::Mat noise(64, 64, CV_8UC3);
  cv::randu(noise, 0, 256);
  ASSERT_TRUE(cv::imwrite((dir / "good.png").string(), noise));
  ASSERT_TRUE(cv::imwrite((dir / "good.jpg").string(), noise));

  std::ofstream(dir / "empty.mp4").close();
  std::ofstream(dir / "empty.png").close();
  test::write_text(dir / "text.png", "this is text, not a PNG\n");
  test::write_text(dir / "text.mp4", "this is not a video at all");
  test::write_head(mp4, dir / "head.mp4", 300);  // ftyp, no moov
  test::write_head(avi, dir / "head.avi", 200);
  test::write_head(dir / "good.png", dir / "head.png", 40);  // signature and IHDR only
  test::write_head(dir / "good.jpg", dir / "head.jpg", 100);

  EXPECT_EQ(open_error_kind(dir / "missing.mp4"), OpenError::Kind::not_media);
  EXPECT_EQ(open_error_kind(dir), OpenError::Kind::not_media);
  for (const char* name : {"empty.mp4", "empty.png", "text.mp4", "head.mp4", "head.avi"}) {
    EXPECT_EQ(open_error_kind(dir / name), OpenError::Kind::not_media) << name;
  }
  // The container (or image demuxer by extension) is there; no picture decodes.
  for (const char* name : {"text.png", "head.png", "head.jpg"}) {
    open_error_kind(dir / name);
  }
}

// A video cut in the middle plays the frames it has, then ends; rewind works.
TEST(MediaReader, TruncatedVideoPlaysWhatItHas) {
  const auto dir = fakecam::test::scratch_dir("media-cut");
  // Matroska needs no index at the end: the first half is a playable file.
  const auto mkv = make_clip(dir, "good.mkv", 10, 10, {"-c:v", "mjpeg", "-q:v", "2"}, {320, 240});
  const auto size = std::filesystem::file_size(mkv);
  test::write_head(mkv, dir / "cut.mkv", size / 2);
  MediaReader reader(dir / "cut.mkv");
  cv::Mat frame;
  int frames = 0;
  while (reader.read(frame)) {
    EXPECT_TRUE(is_solid(frame, clip_colour(frames), 8)) << "frame " << frames;
    ++frames;
    ASSERT_LT(frames, 100) << "no end";
  }
  EXPECT_GE(frames, 2);
  EXPECT_LT(frames, 10);
  ASSERT_TRUE(reader.rewind());
  ASSERT_TRUE(reader.read(frame));
  EXPECT_TRUE(is_solid(frame, clip_colour(0), 8));
}

// The file turns into garbage between passes: rewind() (a reopen, for a
// still image) reports failure, and the reader then stays at its end.
TEST(MediaReader, RewindFailsCleanlyWhenTheFileBroke) {
  const auto dir = fakecam::test::scratch_dir("media-broke");
  const auto path = dir / "still.png";
  ASSERT_TRUE(cv::imwrite(path.string(), cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3))));
  MediaReader reader(path);
  cv::Mat frame;
  ASSERT_TRUE(reader.read(frame));
  test::write_text(path, "broken now");
  EXPECT_FALSE(reader.rewind());
  EXPECT_FALSE(reader.grab());
  EXPECT_FALSE(reader.read(frame));
  EXPECT_FALSE(reader.rewind());
  std::filesystem::remove(path);
  EXPECT_FALSE(reader.rewind()) << "gone altogether";
  EXPECT_FALSE(reader.read(frame));
  EXPECT_EQ(reader.format_description(), "closed");
}

// The first `bytes` of `path` with `patch` written over them from `offset`.
std::filesystem::path patched(const std::filesystem::path& from, const std::filesystem::path& to, std::size_t offset,
                              const std::string& patch) {
  std::string bytes = test::read_bytes(from);
  bytes.replace(offset, patch.size(), patch);
  std::ofstream(to, std::ios::binary) << bytes;
  return to;
}

std::string big_endian_size(unsigned width, unsigned height) {
  std::string out;
  for (const unsigned v : {width, height}) {
    for (int i = 3; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  return out;
}

// A header claiming an enormous picture is refused, not allocated, and the
// error says it is too large (not corrupt) and what the limit is: at a size
// FFmpeg finds invalid anyway and at one that only fakecam's limit refuses.
// (FFmpeg's JPEG decoder refuses such a size without saying why, so a huge
// JPEG is still "corrupt".)
TEST(MediaReader, HugePictureHeaderIsRefusedAsTooLarge) {
  const auto dir = fakecam::test::scratch_dir("media-huge");
  ASSERT_TRUE(cv::imwrite((dir / "small.png").string(), cv::Mat(4, 4, CV_8UC3, cv::Scalar(1, 2, 3))));
  struct Huge {
    std::filesystem::path path;
    std::string size;
  };
  // PNG: IHDR width and height (big-endian, bytes 16..23); the CRC no longer
  // matches, which FFmpeg does not check by default.
  const Huge files[] = {
      {patched(dir / "small.png", dir / "huge.png", 16, big_endian_size(60000, 60000)), "60000x60000"},
      {patched(dir / "small.png", dir / "big.png", 16, big_endian_size(9000, 8193)), "9000x8193"},
  };
  for (const Huge& huge : files) {
    SCOPED_TRACE(huge.path.string());
    try {
      MediaReader reader(huge.path);
      ADD_FAILURE() << "opened";
    } catch (const OpenError& e) {
      const std::string message = e.what();
      EXPECT_EQ(e.kind(), OpenError::Kind::too_large) << message;
      for (const std::string& part :
           std::vector<std::string>{huge.path.string(), huge.size, "too large", "8192x8192"}) {
        EXPECT_NE(message.find(part), std::string::npos) << message << " should mention " << part;
      }
      EXPECT_EQ(message.find("corrupt"), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
  // Just under the limit is not refused for its size (FFmpeg may still find
  // the doctored file corrupt, but never too large).
  const auto fits = patched(dir / "small.png", dir / "fits.png", 16, big_endian_size(8192, 8192));
  try {
    MediaReader reader(fits);
  } catch (const OpenError& e) {
    EXPECT_NE(e.kind(), OpenError::Kind::too_large) << e.what();
  }
}

// BT.709 planes are converted to BT.601 (through BGR); full-range planes
// scaled to limited range: either way the colours come out right.
TEST(MediaReader, YuvHonoursBt709AndFullRange) {
  const auto dir = fakecam::test::scratch_dir("media-yuv-matrix");
  const auto bt709 = make_clip(dir, "bt709.mp4", 1, 10,
                               {"-vf", "scale=out_color_matrix=bt709:out_range=tv", "-colorspace", "bt709", "-c:v",
                                "libx264", "-pix_fmt", "yuv444p", "-qp", "0"});
  const auto full = make_clip(
      dir, "full.mkv", 1, 10,
      {"-vf", "scale=out_range=pc", "-color_range", "pc", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-qp", "0"});
  for (const auto& path : {bt709, full}) {
    MediaReader reader(path);
    YuvImage yuv;
    ASSERT_TRUE(reader.read(yuv)) << path;
    cv::Mat back;
    yuv_to_bgr(yuv, back);
    EXPECT_TRUE(is_solid(back, clip_colour(0), 4)) << path;
  }
}

// Upright, like the BGR frame, for all eight EXIF orientations.
TEST(MediaReader, YuvIsTurnedUprightByExifOrientation) {
  const auto dir = fakecam::test::scratch_dir("media-yuv-exif");
  const cv::Mat image = test::orientation_picture();
  for (int orientation = 1; orientation <= 8; ++orientation) {
    MediaReader reader(test::jpeg_with_orientation(dir, image, orientation));
    YuvImage yuv;
    ASSERT_TRUE(reader.grab());
    reader.retrieve(yuv);
    cv::Mat bgr;
    reader.retrieve(bgr);
    ASSERT_EQ(yuv.size(), orientation >= 5 ? cv::Size(48, 80) : cv::Size(80, 48)) << "orientation " << orientation;
    YuvImage reference;
    bgr_to_yuv(bgr, reference);
    // The patches' edges round differently on the two paths; a wrong turn
    // moves whole patches.
    EXPECT_LT(fakecam::test::yuv_distance(yuv, reference).mean, 1.5) << "orientation " << orientation;
  }
}

TEST(MediaReader, YuvOfAnOddSizedPictureIsAnErrorNamingTheFile) {
  const auto dir = fakecam::test::scratch_dir("media-yuv-odd");
  ASSERT_TRUE(cv::imwrite((dir / "odd.png").string(), cv::Mat(31, 40, CV_8UC3, cv::Scalar(1, 2, 3))));
  MediaReader reader(dir / "odd.png");
  YuvImage yuv;
  try {
    reader.read(yuv);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("odd.png"), std::string::npos) << message;
    EXPECT_NE(message.find("40x31"), std::string::npos) << message;
    EXPECT_NE(message.find("even"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace fakecam::media
