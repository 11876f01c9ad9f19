// SPDX-License-Identifier: GPL-3.0-or-later
// Portrait light on the YUV path (issue 13): the BGR tests' scene converted
// to I420. The light there matches the BGR light on the same frame, and
// keeps the properties on its own: the person brighter and the room
// darker by the stated amounts, the skin's hue, no halo across the edge.

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "common/yuv_image.hpp"
#include "compose/compositor.hpp"
#include "compose/effects/portrait_light.hpp"
#include "light_scene.hpp"

namespace fakecam::compose {
namespace {

using namespace light_scene;

YuvImage yuv_of(const cv::Mat& bgr) {
  YuvImage yuv;
  bgr_to_yuv(bgr, yuv);
  return yuv;
}

YuvImage lit_yuv(const Scene& s, int strength) {
  YuvImage yuv = yuv_of(s.bgr);
  PortraitLight light(strength);
  light.apply_yuv(yuv, s.alpha, cv::Mat(), cv::Mat());
  return yuv;
}

cv::Mat bgr_of(const YuvImage& yuv) {
  cv::Mat bgr;
  yuv_to_bgr(yuv, bgr);
  return bgr;
}

// The YUV light against the BGR light on the same frame, compared in YUV:
// the BGR result converted, plane by plane. They differ by rounding alone:
// the YUV frame was rounded to whole levels before the light, and the gain
// (up to ~2x on this dim person at 100) scales that half level, where the
// BGR light scales exact channels and its result is rounded once after;
// the guide's grey is the luma stretched back to full range (a level of
// rounding there); chroma takes the mean gain of its 2x2 block, the same
// but where the gain changes within a block (the soft edge). So: every
// plane within 2 levels anywhere and 0.5 on average (measured: at most 2,
// means 0.08-0.47, the largest U at 100). On the shaded scene (knit,
// gradients) at two strengths.
TEST(PortraitLightYuv, MatchesTheBgrLightOnTheSameFrame) {
  const Scene s = dim_scene(true);
  for (int strength : {30, 100}) {
    SCOPED_TRACE(strength);
    const YuvImage ours = lit_yuv(s, strength);
    const YuvImage theirs = yuv_of(lit(s, strength));
    struct Plane {
      const char* name;
      cv::Mat a, b;
      double max, mean;
    } planes[] = {
        {"Y", ours.y(), theirs.y(), 2, 0.5}, {"U", ours.u(), theirs.u(), 2, 0.5}, {"V", ours.v(), theirs.v(), 2, 0.5}};
    for (const Plane& p : planes) {
      cv::Mat diff;
      cv::absdiff(p.a, p.b, diff);
      EXPECT_LE(cv::norm(diff, cv::NORM_INF), p.max) << p.name;
      EXPECT_LE(cv::mean(diff)[0], p.mean) << p.name;
    }
  }
}

// The luma plane stretched to full range (what the BGR tests' luma is).
cv::Mat full_range_luma(const YuvImage& yuv) {
  cv::Mat grey;
  yuv.y().convertTo(grey, CV_32F, 255.0 / 219.0, -16.0 * 255.0 / 219.0);
  return grey;
}

TEST(PortraitLightYuv, BrightensThePersonAndDimsTheRoomByStatedAmounts) {
  const Scene s = dim_scene(true);
  const cv::Mat before = full_range_luma(yuv_of(s.bgr));
  const double person_before = mean_where(before, s.alpha, 255);
  const double room_before = mean_where(before, s.alpha, 0);
  struct Case {
    int strength;
    double person_rise_at_least, room_factor;
  };
  for (const Case c : {Case{50, 0.20, 0.85}, Case{100, 0.40, 0.70}}) {
    const cv::Mat after = full_range_luma(lit_yuv(s, c.strength));
    EXPECT_GE(mean_where(after, s.alpha, 255), person_before * (1 + c.person_rise_at_least)) << c.strength;
    EXPECT_NEAR(mean_where(after, s.alpha, 0), room_before * c.room_factor, 1.0) << c.strength;
  }
}

TEST(PortraitLightYuv, KeepsTheSkinsHue) {
  const Scene s = dim_scene(true);
  const double before = hue_degrees(cv::mean(bgr_of(yuv_of(s.bgr)), s.alpha == 255));
  for (int strength : {30, 100}) {
    const double after = hue_degrees(cv::mean(bgr_of(lit_yuv(s, strength)), s.alpha == 255));
    EXPECT_NEAR(after, before, 2.0) << "strength " << strength;
  }
}

// The BGR tests' edge profile on the luma plane (limited range: the change
// asked for scaled by 219/255), from the dim room into the lit person, and
// backlit, from the window into the person.
TEST(PortraitLightYuv, NoHaloAcrossTheEdge) {
  expect_no_halo(lit_yuv(dim_scene(false), 100).y(), true, 40 * 219 / 255);
  const Scene backlit = dim_scene(false, cv::Vec3f(34, 46, 64), cv::Vec3f(225, 230, 235));
  for (int strength : {50, 100}) {
    SCOPED_TRACE(strength);
    expect_no_halo(lit_yuv(backlit, strength).y(), false, 60 * 219 / 255);
  }
}

// Through the compositor: --light keeps the frame in YUV (over the real
// background too) and lights the composed frame.
TEST(PortraitLightYuv, TheCompositorLightsTheFrameInYuv) {
  const Scene s = dim_scene(true);
  cv::Mat mask;  // the model's confidence: the person at model resolution
  cv::resize(s.alpha, mask, cv::Size(256, 144), 0, 0, cv::INTER_AREA);
  mask.convertTo(mask, CV_32F, 1.0 / 255.0);
  for (BackgroundKind background : {BackgroundKind::none, BackgroundKind::colour}) {
    ComposeSettings settings;
    settings.background = background;
    settings.colour = cv::Vec3b(40, 40, 40);
    settings.light = 100;
    Compositor compositor(settings);
    ASSERT_TRUE(compositor.supports_yuv());
    YuvImage frame = yuv_of(s.bgr);
    const cv::Mat before = full_range_luma(frame);
    compositor.compose(frame, mask);
    const cv::Mat after = full_range_luma(frame);
    EXPECT_GT(mean_where(after, s.alpha, 255), mean_where(before, s.alpha, 255) * 1.3);
    EXPECT_LT(mean_where(after, s.alpha, 0), mean_where(before, s.alpha, 0) * 0.8);
  }
}

}  // namespace
}  // namespace fakecam::compose
