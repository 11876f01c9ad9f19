// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The portrait light tests' scene: a skin-coloured person with shading over
// a darker room, the alpha that made it, and what the tests measure on it
// (luma, hue, the edge profile). Shared by the BGR and the YUV tests.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include <opencv2/imgproc.hpp>

#include "compose/effects/portrait_light.hpp"
#include "compose/mask/mask_pipeline.hpp"

namespace fakecam::compose::light_scene {

inline constexpr int kW = 640, kH = 360;
inline const cv::Point kCentre(320, 200);
inline const cv::Size kAxes(110, 150);
inline const cv::Vec3f kSkin(62, 82, 112);  // BGR: a dim face, luma ~89
inline const cv::Vec3f kRoom(38, 40, 44);   // a dim wall, luma ~41

struct Scene {
  cv::Mat bgr, alpha;
};

// shaded: the person's light falls off to one side, with a fine pattern on
// it (a knit: something for the local contrast to work on), and the room
// has a gradient; flat: one colour each, for the edge profile.
inline Scene dim_scene(bool shaded, const cv::Vec3f& skin = kSkin, const cv::Vec3f& room_colour = kRoom) {
  Scene s;
  s.alpha = cv::Mat::zeros(kH, kW, CV_8UC1);
  cv::ellipse(s.alpha, kCentre, kAxes, 0, 0, 360, cv::Scalar(255), cv::FILLED);
  cv::GaussianBlur(s.alpha, s.alpha, cv::Size(), 2.0);  // a soft edge, as the refiner's
  s.bgr.create(kH, kW, CV_8UC3);
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      const float a = s.alpha.at<std::uint8_t>(y, x) / 255.0f;
      const float knit = 0.08f * std::sin(static_cast<float>(x) * 0.3f) * std::sin(static_cast<float>(y) * 0.3f);
      const float person =
          shaded ? 0.8f + 0.4f * static_cast<float>(x - (kCentre.x - kAxes.width)) / (2 * kAxes.width) + knit : 1.0f;
      const float room = shaded ? 0.85f + 0.3f * static_cast<float>(y) / kH : 1.0f;
      cv::Vec3b& p = s.bgr.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c)
        p[c] = cv::saturate_cast<std::uint8_t>(a * skin[c] * person + (1 - a) * room_colour[c] * room);
    }
  }
  return s;
}

inline cv::Mat grey_low_of(const cv::Mat& bgr) {
  cv::Mat grey, low;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  cv::resize(grey, low, guide_size(bgr.size()), 0, 0, cv::INTER_AREA);
  return low;
}

inline cv::Mat lit(const Scene& s, int strength) {
  cv::Mat out = s.bgr.clone();
  PortraitLight light(strength);
  light.apply(out, s.alpha, grey_low_of(s.bgr), cv::Mat());
  return out;
}

inline cv::Mat luma(const cv::Mat& bgr) {
  cv::Mat grey;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  return grey;
}

inline double mean_where(const cv::Mat& m, const cv::Mat& alpha, int alpha_value) {
  return cv::mean(m, alpha == alpha_value)[0];
}

inline double hue_degrees(const cv::Scalar& bgr) {
  cv::Mat px(1, 1, CV_32FC3, cv::Scalar(bgr[0] / 255.0, bgr[1] / 255.0, bgr[2] / 255.0));
  cv::cvtColor(px, px, cv::COLOR_BGR2HSV);
  return px.at<cv::Vec3f>(0, 0)[0];
}

// Along the row through the centre, from the room 40 px into the person:
// the luma only ever moves one way (rising: the person is the brighter, or
// falling), 1 level of rounding, and by more than `at_least` in all; flat
// on both sides up to the soft edge: no glow outside, no rim inside.
inline void expect_no_halo(const cv::Mat& after, bool rising, int at_least) {
  const int y = kCentre.y;
  const int left = kCentre.x - kAxes.width;
  const int sign = rising ? 1 : -1;
  int change = 0;
  for (int x = left - 40; x < left + 40; ++x) {
    const int step = sign * (after.at<std::uint8_t>(y, x + 1) - after.at<std::uint8_t>(y, x));
    EXPECT_GE(step, -1) << "x " << x;
    change += step;
  }
  EXPECT_GT(change, at_least);
  const int room = after.at<std::uint8_t>(y, left - 40);
  const int person = after.at<std::uint8_t>(y, left + 40);
  for (int x = left - 40; x < left - 6; ++x) EXPECT_NEAR(after.at<std::uint8_t>(y, x), room, 1) << "x " << x;
  for (int x = left + 6; x < left + 40; ++x) EXPECT_NEAR(after.at<std::uint8_t>(y, x), person, 2) << "x " << x;
}

}  // namespace fakecam::compose::light_scene
