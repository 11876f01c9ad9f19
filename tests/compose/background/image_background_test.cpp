// SPDX-License-Identifier: GPL-3.0-or-later
// Background image files: grayscale and alpha files become BGR, bad files are
// one-line errors, the scaled copy is cached, and reload keeps the old image
// when the new file is bad.

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include <opencv2/imgcodecs.hpp>

#include "common/error.hpp"
#include "compose/background/image_background.hpp"
#include "support/test_paths.hpp"

namespace fakecam::compose {
namespace {

const cv::Vec3b kMatte(0, 255, 0);

std::filesystem::path write_png(const std::filesystem::path& dir, const std::string& name, const cv::Mat& image) {
  const auto path = dir / name;
  if (!cv::imwrite(path.string(), image)) throw std::runtime_error("cannot write " + path.string());
  return path;
}

cv::Mat solid(cv::Size size, cv::Vec3b bgr) { return cv::Mat(size, CV_8UC3, cv::Scalar(bgr[0], bgr[1], bgr[2])); }

// Prepares the background for a frame of `size` and returns its cached image.
const cv::Mat& render_at(ImageBackground& background, cv::Size size) {
  const cv::Mat frame(size, CV_8UC3), alpha(size, CV_8UC1);
  background.prepare({frame, alpha});
  cv::Mat streamed;
  background.render({frame, alpha}, streamed);
  EXPECT_EQ(cv::norm(streamed, background.scaled(), cv::NORM_INF), 0.0) << "rows are the cached image";
  return background.scaled();
}

TEST(LoadBackgroundImage, GrayscaleJpegBecomesBgr) {
  const auto path = test::data_dir() / "compose" / "grey-facade-160x100.jpg";
  ASSERT_EQ(cv::imread(path.string(), cv::IMREAD_UNCHANGED).channels(), 1) << "the test file must be 1-channel";
  const cv::Mat img = load_background_image(path, kMatte);
  ASSERT_EQ(img.type(), CV_8UC3);
  EXPECT_EQ(img.size(), cv::Size(160, 100));
  std::vector<cv::Mat> ch;
  cv::split(img, ch);
  EXPECT_EQ(cv::norm(ch[0], ch[1], cv::NORM_INF), 0.0);
  EXPECT_EQ(cv::norm(ch[1], ch[2], cv::NORM_INF), 0.0);
  double lo, hi;
  cv::minMaxLoc(ch[0], &lo, &hi);
  EXPECT_LT(lo + 50, hi) << "real picture content, not a flat fill";
}

TEST(LoadBackgroundImage, AlphaIsFlattenedOverTheMatte) {
  const auto dir = test::scratch_dir("compose-alpha");
  cv::Mat bgra(20, 30, CV_8UC4, cv::Scalar(255, 0, 0, 255));  // opaque blue
  bgra.colRange(10, 20).setTo(cv::Scalar(255, 0, 0, 0));      // transparent
  bgra.colRange(20, 30).setTo(cv::Scalar(255, 0, 0, 128));    // half
  const auto path = write_png(dir, "alpha.png", bgra);
  const cv::Mat img = load_background_image(path, kMatte);
  ASSERT_EQ(img.type(), CV_8UC3);
  EXPECT_EQ(img.at<cv::Vec3b>(5, 5), cv::Vec3b(255, 0, 0));
  EXPECT_EQ(img.at<cv::Vec3b>(5, 15), kMatte);
  const cv::Vec3b half = img.at<cv::Vec3b>(5, 25);
  EXPECT_NEAR(half[0], 128, 1);
  EXPECT_NEAR(half[1], 127, 1);
  EXPECT_NEAR(half[2], 0, 1);
}

TEST(LoadBackgroundImage, SixteenBitAlphaPng) {
  const auto dir = test::scratch_dir("compose-alpha16");
  cv::Mat bgra(8, 8, CV_16UC4, cv::Scalar(0, 0, 65535, 0));  // red, transparent
  const auto path = write_png(dir, "alpha16.png", bgra);
  EXPECT_EQ(load_background_image(path, kMatte).at<cv::Vec3b>(4, 4), kMatte);
}

TEST(LoadBackgroundImage, BadFilesAreOneLineErrorsNamingTheFile) {
  const auto dir = test::scratch_dir("compose-bad");
  const auto empty = dir / "empty.png";
  std::ofstream(empty).close();
  const auto garbage = dir / "garbage.jpg";
  std::ofstream(garbage) << "this is not a picture";
  for (const auto& path : {empty, garbage, dir / "missing.png", dir}) {
    try {
      load_background_image(path, kMatte);
      ADD_FAILURE() << "accepted " << path;
    } catch (const Error& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(path.string()), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
}

TEST(ImageBackground, CachesTheScaledImageUntilTheSizeChanges) {
  const auto dir = test::scratch_dir("compose-cache");
  const auto path = write_png(dir, "bg.png", solid({64, 36}, {1, 2, 3}));
  ImageBackground background(path, ImageFit::cover, kMatte);
  const cv::Mat& first = render_at(background, {128, 72});
  ASSERT_EQ(first.size(), cv::Size(128, 72));
  const std::uint8_t* data = first.data;
  EXPECT_EQ(render_at(background, {128, 72}).data, data) << "same size: cached, not redone";
  EXPECT_EQ(render_at(background, {256, 144}).size(), cv::Size(256, 144));
  EXPECT_EQ(render_at(background, {256, 144}).at<cv::Vec3b>(100, 200), cv::Vec3b(1, 2, 3));
}

// The YUV path's rows: the fitted picture in YUV, converted once per
// picture and size, with the BGR copy let go; a BGR frame after it fits the
// picture again.
TEST(ImageBackground, YuvPathKeepsOnlyThePlanesAndMatchesTheBgrFit) {
  const auto dir = test::scratch_dir("compose-yuv");
  cv::Mat picture(36, 64, CV_8UC3);
  cv::randu(picture, 0, 256);
  const auto path = write_png(dir, "bg.png", picture);
  ImageBackground background(path, ImageFit::cover, kMatte);
  const cv::Mat expected_bgr = render_at(background, {128, 72}).clone();
  YuvImage expected;
  bgr_to_yuv(expected_bgr, expected);

  YuvImage frame;
  frame.create({128, 72});
  const cv::Mat alpha(72, 128, CV_8UC1, cv::Scalar(0));
  background.prepare_yuv({frame, alpha});
  EXPECT_TRUE(background.scaled().empty()) << "the BGR copy is let go once the planes are made";
  const std::uint64_t version = background.version();
  const auto rows_match = [&](const YuvImage& want) {
    for (int y = 0; y < 72; ++y) {
      ASSERT_EQ(std::memcmp(background.yuv_row(YuvPlane::y, y, nullptr), want.y().ptr(y), 128), 0) << "Y row " << y;
      if (y < 36) {
        ASSERT_EQ(std::memcmp(background.yuv_row(YuvPlane::u, y, nullptr), want.u().ptr(y), 64), 0) << "U row " << y;
        ASSERT_EQ(std::memcmp(background.yuv_row(YuvPlane::v, y, nullptr), want.v().ptr(y), 64), 0) << "V row " << y;
      }
    }
  };
  rows_match(expected);
  const std::uint8_t* plane = background.yuv_row(YuvPlane::y, 0, nullptr);
  background.prepare_yuv({frame, alpha});
  EXPECT_EQ(background.yuv_row(YuvPlane::y, 0, nullptr), plane) << "same picture and size: not converted again";
  EXPECT_EQ(background.version(), version);

  // A BGR frame fits the picture again, and a new size reaches the planes.
  EXPECT_EQ(cv::norm(render_at(background, {128, 72}), expected_bgr, cv::NORM_INF), 0.0);
  YuvImage larger;
  larger.create({256, 144});
  const cv::Mat larger_alpha(144, 256, CV_8UC1, cv::Scalar(0));
  background.prepare_yuv({larger, larger_alpha});
  YuvImage expected_larger;
  bgr_to_yuv(render_at(background, {256, 144}), expected_larger);
  background.prepare_yuv({larger, larger_alpha});
  for (int y = 0; y < 144; y += 7) {
    EXPECT_EQ(std::memcmp(background.yuv_row(YuvPlane::y, y, nullptr), expected_larger.y().ptr(y), 256), 0) << y;
  }
}

TEST(ImageBackground, ReloadReadsTheChangedFile) {
  const auto dir = test::scratch_dir("compose-reload");
  const auto path = write_png(dir, "bg.png", solid({32, 18}, {10, 20, 30}));
  ImageBackground background(path, ImageFit::stretch, kMatte);
  EXPECT_EQ(render_at(background, {64, 36}).at<cv::Vec3b>(0, 0), cv::Vec3b(10, 20, 30));
  write_png(dir, "bg.png", solid({32, 18}, {40, 50, 60}));
  const ReloadResult result = background.reload();
  EXPECT_TRUE(result.ok) << result.message;
  EXPECT_EQ(render_at(background, {64, 36}).at<cv::Vec3b>(0, 0), cv::Vec3b(40, 50, 60)) << "rescaled after reload";
}

TEST(ImageBackground, ReloadKeepsTheOldImageWhenTheFileIsBad) {
  const auto dir = test::scratch_dir("compose-reload-bad");
  const auto path = write_png(dir, "bg.png", solid({32, 18}, {10, 20, 30}));
  ImageBackground background(path, ImageFit::cover, kMatte);
  std::ofstream(path, std::ios::trunc) << "truncated";
  ReloadResult result = background.reload();
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.message.find(path.string()), std::string::npos) << result.message;
  EXPECT_EQ(render_at(background, {64, 36}).at<cv::Vec3b>(10, 10), cv::Vec3b(10, 20, 30));

  std::filesystem::remove(path);
  result = background.reload();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(render_at(background, {32, 32}).at<cv::Vec3b>(10, 10), cv::Vec3b(10, 20, 30));

  // A later good file is picked up again.
  write_png(dir, "bg.png", solid({32, 18}, {7, 8, 9}));
  EXPECT_TRUE(background.reload().ok);
  EXPECT_EQ(render_at(background, {32, 32}).at<cv::Vec3b>(10, 10), cv::Vec3b(7, 8, 9));
}

TEST(ImageBackground, LoadSwitchesFilesOnlyWhenTheNewOneIsGood) {
  const auto dir = test::scratch_dir("compose-load");
  const auto first = write_png(dir, "a.png", solid({16, 9}, {1, 1, 1}));
  const auto second = write_png(dir, "b.png", solid({16, 9}, {2, 2, 2}));
  ImageBackground background(first, ImageFit::cover, kMatte);
  EXPECT_FALSE(background.load(dir / "nope.png").ok);
  EXPECT_EQ(background.path(), first);
  EXPECT_TRUE(background.load(second).ok);
  EXPECT_EQ(background.path(), second);
  EXPECT_EQ(render_at(background, {16, 9}).at<cv::Vec3b>(0, 0), cv::Vec3b(2, 2, 2));
}

TEST(ImageBackground, ConstructorThrowsForABadFile) {
  const auto dir = test::scratch_dir("compose-ctor");
  EXPECT_THROW(ImageBackground(dir / "missing.jpg", ImageFit::cover, kMatte), Error);
}

}  // namespace
}  // namespace fakecam::compose
