// SPDX-License-Identifier: GPL-3.0-or-later
// The foreground overlay (the seed's podium): drawn where its mask is white,
// with opacity, from a mask file or the image's own transparency; bad files
// are clear errors, and a reload that fails keeps the overlay in use.

#include <gtest/gtest.h>

#include <fstream>

#include <opencv2/imgcodecs.hpp>

#include "common/error.hpp"
#include "compose/background/foreground_overlay.hpp"
#include "support/test_paths.hpp"

namespace fakecam::compose {
namespace {

const cv::Size kFrame(320, 180);

std::filesystem::path write(const std::filesystem::path& dir, const std::string& name, const cv::Mat& image) {
  const auto path = dir / name;
  if (!cv::imwrite(path.string(), image)) throw std::runtime_error("cannot write " + path.string());
  return path;
}

// A podium image (red) and its mask: the bottom quarter, at half the frame's size.
struct Podium {
  std::filesystem::path image, mask;
};
Podium podium(const std::filesystem::path& dir, cv::Size size = {160, 90}) {
  cv::Mat mask(size, CV_8UC1, cv::Scalar(0));
  mask.rowRange(size.height * 3 / 4, size.height).setTo(255);
  return {write(dir, "podium.png", cv::Mat(size, CV_8UC3, cv::Scalar(0, 0, 255))), write(dir, "podium-mask.png", mask)};
}

cv::Mat drawn(ForegroundOverlay& overlay) {
  cv::Mat frame(kFrame, CV_8UC3, cv::Scalar(10, 20, 30));
  overlay.apply(frame);
  return frame;
}

TEST(ForegroundOverlay, DrawsWhereTheMaskIsWhiteStretchedToTheFrame) {
  const auto p = podium(test::scratch_dir("overlay-draw"));
  ForegroundOverlay overlay({p.image, p.mask, 100, {}});
  const cv::Mat out = drawn(overlay);
  EXPECT_EQ(out.at<cv::Vec3b>(170, 100), cv::Vec3b(0, 0, 255)) << "podium";
  EXPECT_EQ(out.at<cv::Vec3b>(50, 100), cv::Vec3b(10, 20, 30)) << "untouched above";
  // Only the covered rows (the bottom quarter) are blended.
  EXPECT_GE(overlay.covered().y, 130);
  EXPECT_LE(overlay.covered().y, 135);
  EXPECT_EQ(overlay.covered().y + overlay.covered().height, 180);
}

TEST(ForegroundOverlay, OpacityAndEffects) {
  const auto p = podium(test::scratch_dir("overlay-opacity"));
  ForegroundOverlay half({p.image, p.mask, 50, {}});
  const cv::Vec3b mixed = drawn(half).at<cv::Vec3b>(170, 100);
  EXPECT_NEAR(mixed[2], (255 * 128 + 30 * 127) / 255.0, 1.0);
  EXPECT_NEAR(mixed[0], 10 * 127 / 255.0, 1.0);
  ForegroundOverlay dark({p.image, p.mask, 100, {BrightnessEffect{50}}});
  EXPECT_EQ(drawn(dark).at<cv::Vec3b>(170, 100), cv::Vec3b(0, 0, 128));
}

TEST(ForegroundOverlay, UsesTheImagesOwnTransparencyWithoutAMask) {
  const auto dir = test::scratch_dir("overlay-alpha");
  cv::Mat logo(90, 160, CV_8UC4, cv::Scalar(255, 0, 0, 0));
  logo(cv::Rect(0, 0, 40, 20)).setTo(cv::Scalar(255, 0, 0, 255));
  ForegroundOverlay overlay({write(dir, "logo.png", logo), {}, 100, {}});
  const cv::Mat out = drawn(overlay);
  EXPECT_EQ(out.at<cv::Vec3b>(10, 10), cv::Vec3b(255, 0, 0));
  EXPECT_EQ(out.at<cv::Vec3b>(100, 200), cv::Vec3b(10, 20, 30));
}

void expect_error(const ForegroundSettings& settings, const std::vector<std::string>& mentions) {
  try {
    ForegroundOverlay overlay(settings);
    ADD_FAILURE() << "accepted " << settings.image_path << " / " << settings.mask_path;
  } catch (const Error& e) {
    const std::string message = e.what();
    for (const auto& m : mentions) EXPECT_NE(message.find(m), std::string::npos) << message << " should mention " << m;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(ForegroundOverlay, BadFilesAreClearErrors) {
  const auto dir = test::scratch_dir("overlay-bad");
  const auto p = podium(dir);
  const auto small_mask = write(dir, "small-mask.png", cv::Mat(45, 80, CV_8UC1, cv::Scalar(255)));
  expect_error({p.image, small_mask, 100, {}}, {small_mask.string(), "80x45", "160x90", "same size"});
  cv::Mat opaque(90, 160, CV_8UC3, cv::Scalar(1, 2, 3));
  opaque.colRange(0, 80).setTo(cv::Scalar(200, 100, 50));
  const auto jpeg = write(dir, "opaque.jpg", opaque);
  expect_error({jpeg, {}, 100, {}}, {jpeg.string(), "no transparency", "-m"});
  expect_error({dir / "missing.png", p.mask, 100, {}}, {"missing.png", "no such file"});
  expect_error({p.image, dir / "missing-mask.png", 100, {}}, {"missing-mask.png"});
  std::ofstream(dir / "empty.png").close();
  expect_error({dir / "empty.png", p.mask, 100, {}}, {"empty.png"});
}

// Pictures that would draw nothing say so, not "no transparency": a fully
// transparent RGBA PNG, a fully transparent 1-bit grey PNG (whose tRNS
// transparency FFmpeg drops: it decodes as one flat colour without alpha),
// and a black mask. A picture with some opaque pixels is still taken.
TEST(ForegroundOverlay, NothingToDrawIsSaidAsSuch) {
  const auto dir = test::scratch_dir("overlay-empty");
  const auto clear = write(dir, "clear.png", cv::Mat(90, 160, CV_8UC4, cv::Scalar(0, 0, 255, 0)));
  expect_error({clear, {}, 100, {}}, {clear.string(), "fully transparent", "nothing would be drawn"});

  // 16x16, 1-bit grey, tRNS marking grey 0 transparent, every pixel 0.
  static const unsigned char kClearBilevel[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
      0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x37, 0x88, 0xc2, 0xcc, 0x00,
      0x00, 0x00, 0x02, 0x74, 0x52, 0x4e, 0x53, 0x00, 0x00, 0x76, 0x93, 0xcd, 0x38, 0x00, 0x00, 0x00, 0x0c,
      0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x20, 0x0d, 0x00, 0x00, 0x00, 0x30, 0x00, 0x01, 0x28,
      0x74, 0x49, 0x7d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  const auto bilevel = dir / "clear-1bit.png";
  std::ofstream(bilevel, std::ios::binary).write(reinterpret_cast<const char*>(kClearBilevel), sizeof kClearBilevel);
  const std::string flat_parts[] = {bilevel.string(), "one flat colour", "1-bit", "RGBA PNG", "-m"};
  expect_error({bilevel, {}, 100, {}}, {std::begin(flat_parts), std::end(flat_parts)});

  const auto p = podium(dir);
  const auto black = write(dir, "black-mask.png", cv::Mat(90, 160, CV_8UC1, cv::Scalar(0)));
  expect_error({p.image, black, 100, {}}, {black.string(), "black everywhere", "nothing would be drawn"});

  cv::Mat one_dot(90, 160, CV_8UC4, cv::Scalar(0, 0, 255, 0));
  one_dot.at<cv::Vec4b>(45, 80)[3] = 255;
  EXPECT_NO_THROW(ForegroundOverlay({write(dir, "dot.png", one_dot), {}, 100, {}}));
}

TEST(ForegroundOverlay, ReloadKeepsTheOverlayWhenTheNewFilesAreBad) {
  const auto dir = test::scratch_dir("overlay-reload");
  const auto p = podium(dir);
  ForegroundOverlay overlay({p.image, p.mask, 100, {}});
  EXPECT_EQ(drawn(overlay).at<cv::Vec3b>(170, 100), cv::Vec3b(0, 0, 255));
  // A mask of another size: refused, the old overlay stays.
  write(dir, "podium-mask.png", cv::Mat(10, 10, CV_8UC1, cv::Scalar(255)));
  const ReloadResult bad = overlay.reload();
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.message.find("same size"), std::string::npos) << bad.message;
  EXPECT_EQ(drawn(overlay).at<cv::Vec3b>(170, 100), cv::Vec3b(0, 0, 255));
  EXPECT_EQ(drawn(overlay).at<cv::Vec3b>(50, 100), cv::Vec3b(10, 20, 30));
  // Good files again (now green, all over): taken.
  write(dir, "podium.png", cv::Mat(90, 160, CV_8UC3, cv::Scalar(0, 255, 0)));
  write(dir, "podium-mask.png", cv::Mat(90, 160, CV_8UC1, cv::Scalar(255)));
  EXPECT_TRUE(overlay.reload().ok);
  EXPECT_EQ(drawn(overlay).at<cv::Vec3b>(50, 100), cv::Vec3b(0, 255, 0));
}

}  // namespace
}  // namespace fakecam::compose
