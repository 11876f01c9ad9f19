// SPDX-License-Identifier: GPL-3.0-or-later
// The compositor's YUV path (issue 12): which settings it serves, and that
// it composes what the BGR path composes, to rounding.

#include <gtest/gtest.h>

#include <cstdio>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/compositor.hpp"
#include "support/reference_shot.hpp"
#include "support/test_paths.hpp"

namespace fakecam::compose {
namespace {

ComposeSettings colour_settings(cv::Vec3b colour) {
  ComposeSettings s;
  s.background = BackgroundKind::colour;
  s.colour = colour;
  return s;
}

YuvImage noise_yuv(cv::Size size) {
  cv::Mat bgr(size, CV_8UC3);
  cv::RNG rng(3);
  rng.fill(bgr, cv::RNG::UNIFORM, 0, 256);
  YuvImage yuv;
  bgr_to_yuv(bgr, yuv);
  return yuv;
}

double max_difference(const YuvImage& a, const YuvImage& b) {
  return cv::norm(cv::Mat(1, static_cast<int>(a.byte_size()), CV_8UC1, const_cast<std::uint8_t*>(a.data())),
                  cv::Mat(1, static_cast<int>(b.byte_size()), CV_8UC1, const_cast<std::uint8_t*>(b.data())),
                  cv::NORM_INF);
}

TEST(CompositorYuv, ServesTheBackgroundsThatMakeYuvRowsWithoutBgrEffects) {
  EXPECT_TRUE(Compositor(colour_settings({1, 2, 3})).supports_yuv());
  ComposeSettings none;
  none.background = BackgroundKind::none;
  EXPECT_TRUE(Compositor(none).supports_yuv()) << "the person passes through";
  ComposeSettings lit = colour_settings({1, 2, 3});
  lit.light = 50;
  EXPECT_TRUE(Compositor(lit).supports_yuv()) << "the light has a YUV path (issue 13)";
  lit.background = BackgroundKind::none;
  EXPECT_TRUE(Compositor(lit).supports_yuv()) << "over the real background too";
  ComposeSettings denoised = colour_settings({1, 2, 3});
  denoised.denoise = 50;
  EXPECT_FALSE(Compositor(denoised).supports_yuv());
  ComposeSettings wrapped = colour_settings({1, 2, 3});
  wrapped.light_wrap = 50;
  EXPECT_FALSE(Compositor(wrapped).supports_yuv());

  YuvImage frame = noise_yuv({64, 36});
  EXPECT_THROW(Compositor(denoised).compose(frame, cv::Mat(36, 64, CV_32FC1, cv::Scalar(0.5f))), Error);
}

TEST(CompositorYuv, PersonEverywhereKeepsTheFrameAndNowhereGivesTheColour) {
  Compositor compositor(colour_settings({40, 180, 220}));
  const YuvImage original = noise_yuv({320, 180});
  YuvImage frame = original.clone();
  compositor.compose(frame, cv::Mat(144, 256, CV_32FC1, cv::Scalar(1.0f)));
  EXPECT_EQ(max_difference(frame, original), 0.0);

  Compositor fresh(colour_settings({40, 180, 220}));  // no smoothing history
  fresh.compose(frame, cv::Mat(144, 256, CV_32FC1, cv::Scalar(0.0f)));
  YuvImage colour;
  bgr_to_yuv(cv::Mat(180, 320, CV_8UC3, cv::Scalar(40, 180, 220)), colour);
  EXPECT_EQ(max_difference(frame, colour), 0.0);
}

TEST(CompositorYuv, PassThroughLeavesTheFrameAlone) {
  ComposeSettings s;
  s.background = BackgroundKind::none;
  Compositor compositor(s);
  const YuvImage original = noise_yuv({64, 36});
  YuvImage frame = original.clone();
  compositor.compose(frame, cv::Mat());
  EXPECT_EQ(max_difference(frame, original), 0.0);
}

// Framing's crop at the output's size is composed where it lies in the
// capture (a YuvView with the capture's row steps) into a new image: the
// same bytes as composing a copy of the crop in place, with the capture left
// as it was. Blur (it reads the frame's planes), the light (it reads the
// luma), and the real background passing through.
TEST(CompositorYuv, ComposesACropWhereItLiesAsACopyOfIt) {
  const test::ReferenceShot shot = test::reference_shot({1920, 1080});
  ASSERT_FALSE(shot.frame_bgr.empty());
  const cv::Mat& mask = shot.mask;
  YuvImage capture;
  bgr_to_yuv(shot.frame_bgr, capture);
  const YuvImage original = capture.clone();
  const cv::Rect crop(320, 180, 1280, 720);

  ComposeSettings blur;
  blur.background = BackgroundKind::blur;
  ComposeSettings lit = blur;
  lit.light = 50;
  ComposeSettings none;
  none.background = BackgroundKind::none;
  for (const ComposeSettings& settings : {blur, lit, none}) {
    SCOPED_TRACE(testing::Message() << "light " << settings.light << ", background "
                                    << static_cast<int>(settings.background));
    YuvImage copy;
    YuvView(capture, crop).copy_to(copy);
    Compositor in_place(settings);
    in_place.compose(copy, mask);

    Compositor from_view(settings);
    YuvImage out;
    from_view.compose(YuvView(capture, crop), mask, out);
    ASSERT_EQ(out.size(), crop.size());
    EXPECT_EQ(max_difference(out, copy), 0.0);
    EXPECT_EQ(max_difference(capture, original), 0.0) << "the capture was written";
  }
}

TEST(CompositorYuv, AViewOutsideTheFrameOrOddIsAnError) {
  const YuvImage frame(cv::Size(64, 36));
  EXPECT_THROW(YuvView(frame, {40, 0, 32, 36}), Error);
  EXPECT_THROW(YuvView(frame, {1, 0, 32, 36}), Error);
  EXPECT_THROW(YuvView(frame, {0, 0, 31, 36}), Error);
  EXPECT_NO_THROW(YuvView(frame, {32, 0, 32, 36}));
}

// A real picture and MediaPipe's own mask for it; the BGR path composes the
// same frame (converted to BGR) and its result is converted back.
struct Compared {
  double y_mean = 0, u_mean = 0, v_mean = 0;  // mean absolute difference per plane
  double far_share = 0;                       // share of luma differing by more than 4 levels
};

Compared compare_paths(const ComposeSettings& settings) {
  const test::ReferenceShot shot = test::reference_shot({1280, 720});
  if (shot.frame_bgr.empty()) return {};  // (the failure is added)
  const cv::Mat& mask = shot.mask;
  YuvImage frame;
  bgr_to_yuv(shot.frame_bgr, frame);
  cv::Mat camera_bgr, out_bgr;
  yuv_to_bgr(frame, camera_bgr);  // what the BGR path would have had from this camera

  Compositor bgr_path(settings);
  bgr_path.compose(camera_bgr, mask, out_bgr);
  YuvImage expected;
  bgr_to_yuv(out_bgr, expected);

  Compositor yuv_path(settings);
  EXPECT_TRUE(yuv_path.supports_yuv());
  yuv_path.compose(frame, mask);

  Compared c;
  c.y_mean = cv::mean(cv::abs(cv::Mat(frame.y()) - cv::Mat(expected.y())) +
                      cv::abs(cv::Mat(expected.y()) - cv::Mat(frame.y())))[0];
  c.u_mean = cv::norm(frame.u(), expected.u(), cv::NORM_L1) / static_cast<double>(frame.u().total());
  c.v_mean = cv::norm(frame.v(), expected.v(), cv::NORM_L1) / static_cast<double>(frame.v().total());
  cv::Mat diff;
  cv::absdiff(frame.y(), expected.y(), diff);
  c.far_share = static_cast<double>(cv::countNonZero(diff > 4)) / static_cast<double>(diff.total());
  return c;
}

TEST(CompositorYuv, ComposesWhatTheBgrPathComposes) {
  const auto dir = test::scratch_dir("compositor-yuv");
  cv::Mat bg(90, 160, CV_8UC3);
  cv::RNG rng(5);
  rng.fill(bg, cv::RNG::UNIFORM, 0, 256);
  cv::GaussianBlur(bg, bg, {0, 0}, 3);
  ASSERT_TRUE(cv::imwrite((dir / "bg.png").string(), bg));
  ComposeSettings image;
  image.background = BackgroundKind::image;
  image.image_path = dir / "bg.png";
  ComposeSettings faded = colour_settings({0, 255, 0});
  faded.selfie_opacity = 70;
  const ComposeSettings blur;  // the default
  for (const ComposeSettings& s : {colour_settings({0, 255, 0}), image, faded, blur}) {
    const Compared c = compare_paths(s);
    SCOPED_TRACE(static_cast<int>(s.background));
    std::printf("mean |YUV - BGR path| Y %.3f U %.3f V %.3f, luma > 4 levels apart %.4f\n", c.y_mean, c.u_mean,
                c.v_mean, c.far_share);
    // The mask refined on luma instead of grey, the blend in YUV (linear:
    // the same to rounding) and chroma blended with the 2x2 mean alpha
    // (differs only along the person's edge). The blur's chroma differs a
    // little more everywhere: the BGR path's blur runs on chroma upsampled
    // from 4:2:0 and converted back (about 0.55 levels from that round trip).
    EXPECT_LT(c.y_mean, 0.3);
    EXPECT_LT(c.u_mean, 0.8);
    EXPECT_LT(c.v_mean, 0.8);
    EXPECT_LT(c.far_share, 0.001);
  }
}

}  // namespace
}  // namespace fakecam::compose
