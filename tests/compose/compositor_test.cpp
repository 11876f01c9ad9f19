// SPDX-License-Identifier: GPL-3.0-or-later
// The whole compositor: each background kind end to end, pass-through, the
// person kept and the background replaced on a real model mask, and bad
// settings or inputs as errors.

#include <gtest/gtest.h>

#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "common/error.hpp"
#include "compose/background/video_background.hpp"
#include "compose/compositor.hpp"
#include "support/reference_shot.hpp"
#include "support/test_paths.hpp"

namespace fakecam::compose {
namespace {

const cv::Size kFrame(320, 180);
const cv::Size kModel(256, 144);

cv::Mat noise_frame(cv::Size size = kFrame) {
  cv::Mat frame(size, CV_8UC3);
  cv::RNG rng(1);
  rng.fill(frame, cv::RNG::UNIFORM, 0, 256);
  return frame;
}

cv::Mat flat_mask(float value, cv::Size size = kModel) { return cv::Mat(size, CV_32FC1, cv::Scalar(value)); }

ComposeSettings colour_settings(cv::Vec3b colour) {
  ComposeSettings s;
  s.background = BackgroundKind::colour;
  s.colour = colour;
  return s;
}

TEST(Compositor, PersonEverywhereGivesTheFrame) {
  Compositor compositor(colour_settings({1, 2, 3}));
  const cv::Mat frame = noise_frame();
  cv::Mat out;
  compositor.compose(frame, flat_mask(1.0f), out);
  EXPECT_EQ(cv::norm(out, frame, cv::NORM_INF), 0.0);
}

TEST(Compositor, PersonNowhereGivesTheColour) {
  Compositor compositor(colour_settings({1, 2, 3}));
  cv::Mat out;
  compositor.compose(noise_frame(), flat_mask(0.0f), out);
  EXPECT_EQ(cv::norm(out, cv::Mat(kFrame, CV_8UC3, cv::Scalar(1, 2, 3)), cv::NORM_INF), 0.0);
}

TEST(Compositor, PassThroughOutputsTheFrameWithoutAMask) {
  ComposeSettings s;
  s.background = BackgroundKind::none;
  Compositor compositor(s);
  EXPECT_FALSE(compositor.needs_mask());
  const cv::Mat frame = noise_frame();
  cv::Mat out;
  compositor.compose(frame, cv::Mat(), out);
  EXPECT_EQ(cv::norm(out, frame, cv::NORM_INF), 0.0);
  EXPECT_NE(out.data, frame.data) << "a copy: the caller may reuse the frame";
}

TEST(Compositor, DefaultIsBlur) {
  const ComposeSettings s;
  EXPECT_EQ(s.background, BackgroundKind::blur);
  Compositor compositor(s);
  EXPECT_TRUE(compositor.needs_mask());
  const cv::Mat frame = noise_frame({640, 360});
  cv::Mat out;
  compositor.compose(frame, flat_mask(0.0f), out);
  // All background: the output is the blurred frame, far smoother.
  cv::Mat gray_in, gray_out, lap_in, lap_out;
  cv::cvtColor(frame, gray_in, cv::COLOR_BGR2GRAY);
  cv::cvtColor(out, gray_out, cv::COLOR_BGR2GRAY);
  cv::Laplacian(gray_in, lap_in, CV_32F);
  cv::Laplacian(gray_out, lap_out, CV_32F);
  EXPECT_LT(cv::norm(lap_out), cv::norm(lap_in) / 10.0);
}

TEST(Compositor, ImageBackgroundIsScaledToTheFrame) {
  const auto dir = test::scratch_dir("compositor-image");
  cv::Mat bg(90, 160, CV_8UC3, cv::Scalar(0, 0, 200));
  bg.colRange(80, 160).setTo(cv::Scalar(200, 0, 0));
  ASSERT_TRUE(cv::imwrite((dir / "bg.png").string(), bg));
  ComposeSettings s;
  s.background = BackgroundKind::image;
  s.image_path = dir / "bg.png";
  Compositor compositor(s);
  cv::Mat out;
  compositor.compose(noise_frame(), flat_mask(0.0f), out);
  ASSERT_EQ(out.size(), kFrame);
  EXPECT_EQ(out.at<cv::Vec3b>(90, 10), cv::Vec3b(0, 0, 200));
  EXPECT_EQ(out.at<cv::Vec3b>(90, 310), cv::Vec3b(200, 0, 0));

  // Reload with a bad file keeps the image; a good one replaces it.
  { std::ofstream(dir / "bg.png", std::ios::trunc) << "broken"; }
  EXPECT_FALSE(compositor.reload().get().ok);
  compositor.compose(noise_frame(), flat_mask(0.0f), out);
  EXPECT_EQ(out.at<cv::Vec3b>(90, 10), cv::Vec3b(0, 0, 200));
  ASSERT_TRUE(cv::imwrite((dir / "bg.png").string(), cv::Mat(9, 16, CV_8UC3, cv::Scalar(5, 6, 7))));
  EXPECT_TRUE(compositor.reload().get().ok);
  compositor.compose(noise_frame(), flat_mask(0.0f), out);
  EXPECT_EQ(out.at<cv::Vec3b>(90, 10), cv::Vec3b(5, 6, 7));
}

TEST(Compositor, InPlaceEqualsOutOfPlace) {
  for (BackgroundKind kind : {BackgroundKind::blur, BackgroundKind::colour, BackgroundKind::none}) {
    ComposeSettings s = colour_settings({9, 9, 9});
    s.background = kind;
    Compositor compositor(s);
    cv::Mat mask = flat_mask(0.0f);
    mask.colRange(100, 200).setTo(0.5f);
    mask.colRange(200, 256).setTo(1.0f);
    const cv::Mat frame = noise_frame();
    cv::Mat out;
    compositor.compose(frame, mask, out);
    cv::Mat in_place = frame.clone();
    compositor.compose(in_place, mask, in_place);
    EXPECT_EQ(cv::norm(in_place, out, cv::NORM_INF), 0.0) << static_cast<int>(kind);
  }
}

TEST(Compositor, FollowsFrameAndMaskSizeChanges) {
  Compositor compositor(colour_settings({0, 0, 0}));
  cv::Mat out;
  compositor.compose(noise_frame({1280, 720}), flat_mask(1.0f, {256, 144}), out);
  EXPECT_EQ(out.size(), cv::Size(1280, 720));
  compositor.compose(noise_frame({640, 480}), flat_mask(0.0f, {256, 256}), out);
  EXPECT_EQ(out.size(), cv::Size(640, 480));
  EXPECT_EQ(cv::countNonZero(out.reshape(1)), 0);
  EXPECT_EQ(compositor.alpha().size(), cv::Size(640, 480));
}

TEST(Compositor, TinyAndOddFramesWorkForEveryKind) {
  const auto dir = test::scratch_dir("compositor-tiny");
  ASSERT_TRUE(cv::imwrite((dir / "bg.png").string(), cv::Mat(3, 5, CV_8UC3, cv::Scalar(1, 2, 3))));
  for (BackgroundKind kind :
       {BackgroundKind::blur, BackgroundKind::image, BackgroundKind::colour, BackgroundKind::none}) {
    for (ImageFit fit : {ImageFit::cover, ImageFit::fit, ImageFit::tile, ImageFit::stretch}) {
      ComposeSettings s;
      s.background = kind;
      s.fit = fit;
      s.image_path = dir / "bg.png";
      s.blur_strength = kMaxBlurStrength;
      Compositor compositor(s);
      for (cv::Size size : {cv::Size(1, 1), cv::Size(2, 1), cv::Size(1, 333), cv::Size(333, 1), cv::Size(17, 9)}) {
        cv::Mat out;
        compositor.compose(noise_frame(size), flat_mask(0.3f, {3, 2}), out);
        EXPECT_EQ(out.size(), size) << static_cast<int>(kind) << "/" << static_cast<int>(fit);
        EXPECT_EQ(out.type(), CV_8UC3);
      }
    }
  }
}

TEST(Compositor, RealMaskKeepsThePersonAndReplacesTheRest) {
  // A MediaPipe reference mask (tests/data/selfie-ref) as the model output,
  // the same picture upscaled as the camera frame.
  const test::ReferenceShot shot = test::reference_shot({1280, 720});
  ASSERT_FALSE(shot.frame_bgr.empty());
  const cv::Mat &frame = shot.frame_bgr, &mask = shot.mask;
  cv::Mat mask_up;
  cv::resize(mask, mask_up, frame.size(), 0, 0, cv::INTER_LINEAR);

  const cv::Vec3b green(0, 255, 0);
  ComposeSettings settings = colour_settings(green);
  settings.refine.enabled = false;  // plain bilinear: the thresholds below are exact for it
  Compositor compositor(settings);
  cv::Mat out;
  compositor.compose(frame, mask, out);
  int person = 0, background = 0;
  for (int y = 0; y < frame.rows; ++y) {
    for (int x = 0; x < frame.cols; ++x) {
      const float m = mask_up.at<float>(y, x);
      if (m > 0.65f) {  // above threshold + ramp/2: the frame, exactly
        ASSERT_EQ(out.at<cv::Vec3b>(y, x), frame.at<cv::Vec3b>(y, x)) << x << "," << y;
        ++person;
      } else if (m < 0.35f) {
        ASSERT_EQ(out.at<cv::Vec3b>(y, x), green) << x << "," << y;
        ++background;
      }
    }
  }
  EXPECT_GT(person, frame.total() / 5) << "the picture shows a person";
  EXPECT_GT(background, frame.total() / 20);
}

TEST(Compositor, BadSettingsAndInputsAreErrors) {
  ComposeSettings s;
  s.blur_strength = 101;
  EXPECT_THROW(Compositor{s}, Error);
  s = ComposeSettings{};
  s.mask.threshold = 1.5f;
  EXPECT_THROW(Compositor{s}, Error);
  s = ComposeSettings{};
  s.mask.ramp = -0.1f;
  EXPECT_THROW(Compositor{s}, Error);
  s = ComposeSettings{};
  s.background = BackgroundKind::image;  // no path
  EXPECT_THROW(Compositor{s}, Error);
  s.image_path = "/nonexistent/background.jpg";
  EXPECT_THROW(Compositor{s}, Error);

  Compositor compositor(ComposeSettings{});
  cv::Mat out;
  EXPECT_THROW(compositor.compose(cv::Mat(), flat_mask(1.0f), out), Error);
  EXPECT_THROW(compositor.compose(cv::Mat(kFrame, CV_8UC1), flat_mask(1.0f), out), Error);
  EXPECT_THROW(compositor.compose(noise_frame(), cv::Mat(), out), Error);
  EXPECT_THROW(compositor.compose(noise_frame(), cv::Mat(kModel, CV_8UC1), out), Error);
}

// A person (the right half of the model mask) in front of a noise frame.
cv::Mat half_person_mask() {
  cv::Mat mask = flat_mask(0.0f);
  mask.colRange(128, 256).setTo(1.0f);
  return mask;
}

TEST(Compositor, RealBackgroundWithEffectsOnThePersonNeedsTheMask) {
  ComposeSettings s;
  s.background = BackgroundKind::none;
  s.selfie_effects = {SolidEffect{{0, 0, 255}}};
  Compositor compositor(s);
  EXPECT_TRUE(compositor.needs_mask());
  const cv::Mat frame = noise_frame();
  cv::Mat out;
  compositor.compose(frame, half_person_mask(), out);
  EXPECT_EQ(out.at<cv::Vec3b>(90, 300), cv::Vec3b(0, 0, 255)) << "the person: red silhouette";
  EXPECT_EQ(out.at<cv::Vec3b>(90, 20), frame.at<cv::Vec3b>(90, 20)) << "the real background, unchanged";
}

TEST(Compositor, SelfieOpacityLetsTheBackgroundThrough) {
  ComposeSettings s = colour_settings({0, 0, 0});
  s.selfie_opacity = 25;
  Compositor compositor(s);
  const cv::Mat frame(kFrame, CV_8UC3, cv::Scalar(200, 200, 200));
  cv::Mat out;
  compositor.compose(frame, flat_mask(1.0f), out);
  EXPECT_NEAR(out.at<cv::Vec3b>(90, 160)[0], 200 * 64 / 255.0, 1.5);
}

TEST(Compositor, PassThroughStillDrawsTheOverlay) {
  const auto dir = test::scratch_dir("compositor-overlay");
  cv::Mat logo(18, 32, CV_8UC4, cv::Scalar(0, 255, 0, 0));
  logo(cv::Rect(0, 0, 8, 8)).setTo(cv::Scalar(0, 255, 0, 255));
  ASSERT_TRUE(cv::imwrite((dir / "logo.png").string(), logo));
  ComposeSettings s;
  s.background = BackgroundKind::none;
  s.foreground.image_path = dir / "logo.png";
  Compositor compositor(s);
  EXPECT_FALSE(compositor.needs_mask()) << "an overlay does not need the person";
  const cv::Mat frame = noise_frame();
  cv::Mat out;
  compositor.compose(frame, cv::Mat(), out);
  EXPECT_EQ(out.at<cv::Vec3b>(5, 5), cv::Vec3b(0, 255, 0));
  EXPECT_EQ(out.at<cv::Vec3b>(100, 200), frame.at<cv::Vec3b>(100, 200));
}

TEST(Compositor, LightWrapTintsOnlyThePersonsEdge) {
  ComposeSettings s = colour_settings({255, 0, 0});  // a blue background
  s.light_wrap = 100;
  s.refine.enabled = false;
  Compositor compositor(s);
  const cv::Mat frame(kFrame, CV_8UC3, cv::Scalar(0, 0, 200));  // a red person
  cv::Mat out;
  compositor.compose(frame, half_person_mask(), out);
  const cv::Vec3b edge = out.at<cv::Vec3b>(90, 160), inner = out.at<cv::Vec3b>(90, 300), bg = out.at<cv::Vec3b>(90, 20);
  EXPECT_GT(edge[0], 40) << "blue light on the person's edge";
  EXPECT_LT(inner[0], 5) << "not deep inside the person";
  EXPECT_EQ(bg, cv::Vec3b(255, 0, 0)) << "the background itself is untouched";
}

TEST(Compositor, AVideoFileIsAnAnimatedBackground) {
  const auto dir = test::scratch_dir("compositor-video");
  const auto path = dir / "clip.avi";
  {
    cv::VideoWriter writer(path.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30, {64, 36});
    ASSERT_TRUE(writer.isOpened());
    for (int i = 0; i < 5; ++i) writer.write(cv::Mat(36, 64, CV_8UC3, cv::Scalar(40 * i, 90, 90)));
  }
  ComposeSettings s;
  s.background = BackgroundKind::image;
  s.image_path = path;
  Compositor compositor(s);
  ASSERT_NE(dynamic_cast<VideoBackground *>(compositor.background()), nullptr);
  cv::Mat out;
  compositor.compose(noise_frame(), flat_mask(0.0f), out);
  EXPECT_NEAR(cv::mean(out)[1], 90, 4);
}

TEST(Compositor, ReloadRunsOffTheCallingThreadAndKeepsBrokenFilesOut) {
  const auto dir = test::scratch_dir("compositor-reload-async");
  ASSERT_TRUE(cv::imwrite((dir / "bg.png").string(), cv::Mat(9, 16, CV_8UC3, cv::Scalar(1, 1, 1))));
  cv::Mat podium_mask(9, 16, CV_8UC1, cv::Scalar(0));
  podium_mask.rowRange(6, 9).setTo(255);
  ASSERT_TRUE(cv::imwrite((dir / "fg.png").string(), cv::Mat(9, 16, CV_8UC3, cv::Scalar(0, 0, 250))));
  ASSERT_TRUE(cv::imwrite((dir / "fg-mask.png").string(), podium_mask));
  ComposeSettings s;
  s.background = BackgroundKind::image;
  s.image_path = dir / "bg.png";
  s.foreground.image_path = dir / "fg.png";
  s.foreground.mask_path = dir / "fg-mask.png";
  Compositor compositor(s);
  cv::Mat out;
  compositor.compose(noise_frame(), flat_mask(0.0f), out);
  EXPECT_EQ(out.at<cv::Vec3b>(10, 10), cv::Vec3b(1, 1, 1));
  EXPECT_EQ(out.at<cv::Vec3b>(170, 10), cv::Vec3b(0, 0, 250));
  // New background, broken overlay mask: the background changes, the overlay stays.
  ASSERT_TRUE(cv::imwrite((dir / "bg.png").string(), cv::Mat(9, 16, CV_8UC3, cv::Scalar(2, 2, 2))));
  ASSERT_TRUE(cv::imwrite((dir / "fg-mask.png").string(), cv::Mat(3, 3, CV_8UC1, cv::Scalar(255))));
  std::shared_future<ReloadResult> reload = compositor.reload();
  const ReloadResult result = reload.get();
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.message.find("fg-mask.png"), std::string::npos) << result.message;
  compositor.compose(noise_frame(), flat_mask(0.0f), out);
  EXPECT_EQ(out.at<cv::Vec3b>(10, 10), cv::Vec3b(2, 2, 2));
  EXPECT_EQ(out.at<cv::Vec3b>(170, 10), cv::Vec3b(0, 0, 250));
}

}  // namespace
}  // namespace fakecam::compose
