// SPDX-License-Identifier: GPL-3.0-or-later
// media::read_image_* and write_image: exact round trips for the lossless
// formats (checked against OpenCV's independent codecs too), JPEG within
// its loss, grey/16-bit/alpha, EXIF orientation, and one-line errors naming
// the file for every bad input or output - with FFmpeg itself silent.

#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "media/image_io.hpp"
#include "media/media_files.hpp"
#include "support/test_paths.hpp"

namespace fakecam::media {
namespace {

cv::Mat noise(cv::Size size, int type) {
  cv::Mat m(size, type);
  cv::randu(m, 0, 256);
  return m;
}

// A smooth picture with colour (JPEG's favourite kind).
cv::Mat gradient(cv::Size size) {
  cv::Mat m(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    for (int x = 0; x < size.width; ++x) {
      m.at<cv::Vec3b>(y, x) = {static_cast<std::uint8_t>(255 * x / size.width),
                               static_cast<std::uint8_t>(255 * y / size.height), 128};
    }
  }
  return m;
}

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

void expect_error(const std::function<void()>& call, const std::vector<std::string>& parts) {
  const std::string message = error_of(call);
  for (const auto& part : parts) EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' in: " << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(ImageIo, PngRoundTripIsExactAndStandard) {
  const auto dir = fakecam::test::scratch_dir("image-io-png");
  const cv::Mat bgr = noise({37, 23}, CV_8UC3);
  write_image(dir / "bgr.png", bgr);
  EXPECT_EQ(cv::norm(read_image_bgr(dir / "bgr.png"), bgr, cv::NORM_INF), 0.0);
  // Another decoder agrees: the file is a standard PNG with the colours in order.
  EXPECT_EQ(cv::norm(cv::imread((dir / "bgr.png").string(), cv::IMREAD_UNCHANGED), bgr, cv::NORM_INF), 0.0);

  const cv::Mat grey = noise({17, 9}, CV_8UC1);
  write_image(dir / "grey.png", grey);
  const cv::Mat grey_read = cv::imread((dir / "grey.png").string(), cv::IMREAD_UNCHANGED);
  ASSERT_EQ(grey_read.type(), CV_8UC1) << "grey stays one channel";
  EXPECT_EQ(cv::norm(grey_read, grey, cv::NORM_INF), 0.0);
  cv::Mat grey_bgr;
  cv::cvtColor(grey, grey_bgr, cv::COLOR_GRAY2BGR);
  EXPECT_EQ(cv::norm(read_image_bgr(dir / "grey.png"), grey_bgr, cv::NORM_INF), 0.0);
}

TEST(ImageIo, PngKeepsAlpha) {
  const auto dir = fakecam::test::scratch_dir("image-io-alpha");
  const cv::Mat bgra = noise({20, 12}, CV_8UC4);
  write_image(dir / "a.png", bgra);
  EXPECT_EQ(cv::norm(cv::imread((dir / "a.png").string(), cv::IMREAD_UNCHANGED), bgra, cv::NORM_INF), 0.0);
  const ImageWithAlpha read = read_image_with_alpha(dir / "a.png");
  std::vector<cv::Mat> ch;
  cv::split(bgra, ch);
  cv::Mat bgr;
  cv::merge(std::vector<cv::Mat>{ch[0], ch[1], ch[2]}, bgr);
  EXPECT_EQ(cv::norm(read.bgr, bgr, cv::NORM_INF), 0.0);
  ASSERT_EQ(read.alpha.type(), CV_8UC1);
  EXPECT_EQ(cv::norm(read.alpha, ch[3], cv::NORM_INF), 0.0);
  // Without alpha: none reported.
  write_image(dir / "b.png", bgr);
  EXPECT_TRUE(read_image_with_alpha(dir / "b.png").alpha.empty());
}

TEST(ImageIo, SixteenBitAndGreyFilesBecome8BitBgr) {
  const auto dir = fakecam::test::scratch_dir("image-io-16");
  const cv::Mat bgr8 = noise({10, 6}, CV_8UC3);
  cv::Mat bgr16;
  bgr8.convertTo(bgr16, CV_16U, 257.0);
  ASSERT_TRUE(cv::imwrite((dir / "deep.png").string(), bgr16));
  EXPECT_LE(cv::norm(read_image_bgr(dir / "deep.png"), bgr8, cv::NORM_INF), 1.0);

  ASSERT_TRUE(cv::imwrite((dir / "grey.png").string(), cv::Mat(8, 8, CV_8UC1, cv::Scalar(77))));
  EXPECT_EQ(cv::mean(read_image_bgr(dir / "grey.png")), cv::Scalar(77, 77, 77, 0));
  ASSERT_TRUE(cv::imwrite((dir / "grey16.png").string(), cv::Mat(8, 8, CV_16UC1, cv::Scalar(200 * 257))));
  const cv::Mat grey16 = read_image_bgr(dir / "grey16.png");
  ASSERT_EQ(grey16.type(), CV_8UC3);
  double lo = 0, hi = 0;
  cv::minMaxLoc(grey16.reshape(1), &lo, &hi);
  EXPECT_GE(lo, 199);  // 16 -> 8 bits: rounding may differ by one
  EXPECT_LE(hi, 201);
}

TEST(ImageIo, JpegRoundTripIsCloseBothWays) {
  const auto dir = fakecam::test::scratch_dir("image-io-jpeg");
  const cv::Mat picture = gradient({160, 90});
  for (const char* name : {"a.jpg", "b.JPEG"}) {
    write_image(dir / name, picture);
    // libjpeg (through OpenCV) reads ours...
    const cv::Mat by_opencv = cv::imread((dir / name).string(), cv::IMREAD_COLOR);
    ASSERT_EQ(by_opencv.size(), picture.size()) << name;
    EXPECT_LT(cv::norm(by_opencv, picture, cv::NORM_L1) / static_cast<double>(picture.total() * 3), 2.0) << name;
    EXPECT_LT(cv::norm(read_image_bgr(dir / name), picture, cv::NORM_L1) / static_cast<double>(picture.total() * 3),
              2.0)
        << name;
  }
  // ...and we read libjpeg's.
  ASSERT_TRUE(cv::imwrite((dir / "opencv.jpg").string(), picture));
  const cv::Mat ours = read_image_bgr(dir / "opencv.jpg");
  const cv::Mat theirs = cv::imread((dir / "opencv.jpg").string(), cv::IMREAD_COLOR);
  EXPECT_LT(cv::norm(ours, theirs, cv::NORM_L1) / static_cast<double>(picture.total() * 3), 1.5);
  // A grey mask as JPEG (the segment command's output) stays grey.
  cv::Mat mask(64, 64, CV_8UC1);
  for (int y = 0; y < mask.rows; ++y) {
    for (int x = 0; x < mask.cols; ++x) mask.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>(2 * x + y);
  }
  write_image(dir / "mask.jpg", mask);
  const cv::Mat mask_read = cv::imread((dir / "mask.jpg").string(), cv::IMREAD_GRAYSCALE);
  EXPECT_LT(cv::norm(mask_read, mask, cv::NORM_L1) / static_cast<double>(mask.total()), 2.0);
}

TEST(ImageIo, BmpRoundTripIsExact) {
  const auto dir = fakecam::test::scratch_dir("image-io-bmp");
  const cv::Mat bgr = noise({13, 7}, CV_8UC3);
  write_image(dir / "a.bmp", bgr);
  EXPECT_EQ(cv::norm(read_image_bgr(dir / "a.bmp"), bgr, cv::NORM_INF), 0.0);
  EXPECT_EQ(cv::norm(cv::imread((dir / "a.bmp").string(), cv::IMREAD_COLOR), bgr, cv::NORM_INF), 0.0);
  const cv::Mat grey = noise({13, 7}, CV_8UC1);
  write_image(dir / "g.bmp", grey);
  EXPECT_EQ(cv::norm(cv::imread((dir / "g.bmp").string(), cv::IMREAD_GRAYSCALE), grey, cv::NORM_INF), 0.0);
}

// Upright as OpenCV's imread (libjpeg + its EXIF handling) shows them, for
// all eight orientations.
TEST(ImageIo, ExifOrientationIsApplied) {
  const auto dir = fakecam::test::scratch_dir("image-io-exif");
  const cv::Mat image = test::orientation_picture();
  for (int orientation = 1; orientation <= 8; ++orientation) {
    const auto path = test::jpeg_with_orientation(dir, image, orientation);
    const cv::Mat expected = cv::imread(path.string(), cv::IMREAD_COLOR);
    const cv::Mat ours = read_image_bgr(path);
    ASSERT_EQ(ours.size(), expected.size()) << "orientation " << orientation;
    EXPECT_EQ(ours.size(), orientation >= 5 ? cv::Size(48, 80) : cv::Size(80, 48)) << "orientation " << orientation;
    EXPECT_LT(cv::norm(ours, expected, cv::NORM_L1) / static_cast<double>(ours.total() * 3), 2.0)
        << "orientation " << orientation;
  }
}

TEST(ImageIo, BadInputsAreOneLineErrorsNamingTheFile) {
  const auto dir = fakecam::test::scratch_dir("image-io-bad");
  std::ofstream(dir / "empty.png").close();
  test::write_text(dir / "text.png", "this is text, not a PNG\n");
  test::write_text(dir / "text.jpg", "this is text, not a JPEG\n");
  write_image(dir / "good.png", noise({64, 64}, CV_8UC3));
  test::write_head(dir / "good.png", dir / "cut.png", 60);
  const auto clip = test::make_clip(dir, "clip.mp4", 3, 10, {"-c:v", "libx264"});

  expect_error([&] { read_image_bgr(dir / "missing.png"); }, {(dir / "missing.png").string(), "no such file"});
  expect_error([&] { read_image_bgr(dir); }, {dir.string(), "is a directory"});
  for (const char* name : {"empty.png", "text.png", "text.jpg", "cut.png"}) {
    expect_error([&] { read_image_bgr(dir / name); }, {(dir / name).string(), "not a readable image"});
    expect_error([&] { read_image_with_alpha(dir / name); }, {(dir / name).string(), "not a readable image"});
  }
  expect_error([&] { read_image_bgr(clip); }, {clip.string(), "not a readable image", "video"});
}

// Over fakecam's 8192x8192 limit: "too large" with the size and the limit,
// not "corrupt" (the PNG's IHDR claims 9000x9000; FFmpeg skips the CRC).
TEST(ImageIo, TooLargeImagesSaySo) {
  const auto dir = fakecam::test::scratch_dir("image-io-huge");
  write_image(dir / "small.png", noise({4, 4}, CV_8UC3));
  std::string png = test::read_bytes(dir / "small.png");
  const char dims[8] = {0, 0, 0x23, 0x28, 0, 0, 0x23, 0x28};
  png.replace(16, 8, dims, 8);
  std::ofstream(dir / "huge.png", std::ios::binary) << png;
  for (const auto read : {+[](const std::filesystem::path& p) { read_image_bgr(p); },
                          +[](const std::filesystem::path& p) { read_image_with_alpha(p); }}) {
    const std::string message = error_of([&] { read(dir / "huge.png"); });
    expect_error([&] { read(dir / "huge.png"); }, {(dir / "huge.png").string(), "9000x9000", "too large", "8192x8192"});
    EXPECT_EQ(message.find("corrupt"), std::string::npos) << message;
  }
}

TEST(ImageIo, BadOutputsAreOneLineErrorsNamingTheFile) {
  const auto dir = fakecam::test::scratch_dir("image-io-bad-out");
  const cv::Mat image = noise({8, 8}, CV_8UC3);
  expect_error([&] { write_image(dir / "no-dir" / "a.png", image); },
               {(dir / "no-dir" / "a.png").string(), "does not exist"});
  expect_error([&] { write_image(dir / "a.xyz", image); }, {(dir / "a.xyz").string(), "unknown format", ".png"});
  expect_error([&] { write_image(dir / "noext", image); }, {(dir / "noext").string(), "unknown format"});
  expect_error([&] { write_image(dir / "f.png", cv::Mat(8, 8, CV_32FC1, cv::Scalar(0.5))); },
               {(dir / "f.png").string(), "8-bit"});
  expect_error([&] { write_image(dir / "e.png", cv::Mat()); }, {(dir / "e.png").string()});
  std::filesystem::create_directory(dir / "taken.png");
  expect_error([&] { write_image(dir / "taken.png", image); }, {(dir / "taken.png").string(), "cannot write"});
  EXPECT_FALSE(std::filesystem::exists(dir / "a.xyz"));
}

// FFmpeg's own complaints ("Invalid PNG signature") do not reach stderr:
// the one line is fakecam's.
TEST(ImageIo, FfmpegIsSilent) {
  const auto dir = fakecam::test::scratch_dir("image-io-quiet");
  test::write_text(dir / "text.png", "this is text, not a PNG\n");
  test::write_text(dir / "text.mp4", "this is not a video at all");
  ::testing::internal::CaptureStderr();
  EXPECT_THROW(read_image_bgr(dir / "text.png"), Error);
  EXPECT_THROW(read_image_bgr(dir / "text.mp4"), Error);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace fakecam::media
