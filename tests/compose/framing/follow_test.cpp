// SPDX-License-Identifier: GPL-3.0-or-later
// The framer on synthetic clips (a person photo moved across a larger room):
// the crop follows pans, steps, zooms and a person leaving and returning,
// like a camera operator: no overshoot, a still crop for a still person,
// back to the full view 2 s after the person left, and never a crop through
// the head. Time is the clip's own (30 fps timestamps), so every run gives
// the same crops.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "compose/framing/framer.hpp"
#include "compose/framing/person_box.hpp"
#include "synthetic_clip.hpp"

namespace fakecam::compose::framing {
namespace {

using test::Scene;
using test::SyntheticClip;

constexpr double kFps = 30;
const cv::Size kFrame = SyntheticClip::kFrame;

struct Record {
  double t;
  cv::Rect crop;
  std::optional<cv::Rect2d> head;
};

const SyntheticClip& clip() {
  static const SyntheticClip c;
  return c;
}

// Plays the scene script for `seconds`, with the model's flicker.
std::vector<Record> play(const std::function<Scene(double)>& script, double seconds,
                         FramingOptions options = {true, 2.0}) {
  Framer framer(options);
  cv::RNG noise(1234);
  std::vector<Record> records;
  for (int i = 0; i < static_cast<int>(seconds * kFps); ++i) {
    const double t = i / kFps;
    const test::Shot shot = clip().render(script(t), false, &noise);
    records.push_back({t, framer.update(shot.model_mask, kFrame, t), shot.head});
  }
  return records;
}

// The crop the framer settles on for a still scene (no flicker).
cv::Rect settled_crop(const Scene& scene) {
  const test::Shot shot = clip().render(scene, false);
  const auto person = find_head_and_shoulders(shot.model_mask, kFrame);
  EXPECT_TRUE(person.has_value());
  return crop_rect(target_window(*person, kFrame, 2.0), kFrame);
}

double centre_x(const cv::Rect& r) { return r.x + r.width / 2.0; }

// Every frame: the visible head lies inside the crop (1 px of rounding).
void expect_head_never_cut(const std::vector<Record>& records) {
  for (const Record& r : records) {
    if (!r.head) continue;
    const cv::Rect2d crop(r.crop.x - 1, r.crop.y - 1, r.crop.width + 2, r.crop.height + 2);
    ASSERT_EQ((*r.head & crop), *r.head) << "t=" << r.t << " head " << *r.head << " cut by crop " << r.crop;
  }
}

const Record& at(const std::vector<Record>& records, double t) {
  return records.at(static_cast<std::size_t>(std::lround(t * kFps)));
}

TEST(Framing, StillPersonGivesStillCropAfterTheFirstZoom) {
  const Scene still{640, 240};
  const auto records = play([&](double) { return still; }, 8.0);
  expect_head_never_cut(records);
  // 3 s to zoom in from the full view, then 5 s of frames with the mask flickering.
  const cv::Rect first = at(records, 3.0).crop;
  double jitter = 0;
  for (const Record& r : records) {
    if (r.t < 3.0) continue;
    jitter = std::max({jitter, std::abs(r.crop.x - first.x) + 0.0, std::abs(r.crop.y - first.y) + 0.0,
                       std::abs(r.crop.width - first.width) + 0.0, std::abs(r.crop.height - first.height) + 0.0});
  }
  EXPECT_LT(jitter, 0.5) << "the crop moved on a still person";
  EXPECT_LT(first.height, kFrame.height * 0.75) << "a head-and-shoulders shot zooms in";
  EXPECT_GE(first.height, kFrame.height / 2) << "never more than --framing-zoom 2";
  // Where the target is (within the dead zone: the follower holds a crop near it).
  const cv::Rect target = settled_crop(still);
  EXPECT_NEAR(centre_x(first), centre_x(target), 0.08 * target.height);
  EXPECT_NEAR(first.height, target.height, 0.15 * target.height);
}

TEST(Framing, PanIsFollowedWithoutOvershoot) {
  // Still at x=400 for 2 s, walks to x=880 in 3 s (160 px/s), stays 3 s.
  auto script = [](double t) {
    const double x = t < 2 ? 400 : t < 5 ? 400 + (t - 2) * 160 : 880;
    return Scene{x, 240};
  };
  const auto records = play(script, 8.0);
  expect_head_never_cut(records);
  const cv::Rect final_target = settled_crop(script(8.0));
  double furthest = 0;
  for (const Record& r : records) {
    furthest = std::max(furthest, centre_x(r.crop));
    // Following during the walk: the crop centre stays near the person.
    if (r.t >= 3.0 && r.t <= 5.0) {
      EXPECT_NEAR(centre_x(r.crop), script(r.t).person_x, 0.1 * kFrame.width) << "t=" << r.t;
    }
  }
  EXPECT_LT(furthest - centre_x(final_target), 0.02 * kFrame.width) << "overshoot past the final crop";
  // 45 frames (1.5 s) after the person stopped, the crop is on the new shot.
  for (const Record& r : records) {
    if (r.t >= 5.0 + 45 / kFps) {
      EXPECT_NEAR(centre_x(r.crop), centre_x(final_target), 0.01 * kFrame.width) << "t=" << r.t;
    }
  }
}

TEST(Framing, StepIsReframedWithinSixtyFrames) {
  auto script = [](double t) { return Scene{t < 2 ? 400.0 : 900.0, 240}; };
  const auto records = play(script, 6.0);
  expect_head_never_cut(records);
  const cv::Rect final_target = settled_crop(script(6.0));
  for (const Record& r : records) {
    EXPECT_LT(centre_x(r.crop) - centre_x(final_target), 0.02 * kFrame.width) << "overshoot at t=" << r.t;
    if (r.t >= 2.0 + 60 / kFps) {
      EXPECT_NEAR(centre_x(r.crop), centre_x(final_target), 0.01 * kFrame.width) << "t=" << r.t;
    }
  }
}

TEST(Framing, ZoomFollowsThePersonComingCloserAndGoingBack) {
  // 240 px tall, comes closer to 360 px over 1 s at t=2, back to 240 at t=5.
  auto script = [](double t) {
    const double size = t < 2 ? 240 : t < 3 ? 240 + (t - 2) * 120 : t < 5 ? 360 : t < 6 ? 360 - (t - 5) * 120 : 240;
    return Scene{640, size};
  };
  const auto records = play(script, 9.0);
  expect_head_never_cut(records);
  const cv::Rect near_target = settled_crop(script(4.0)), far_target = settled_crop(script(9.0));
  ASSERT_GT(near_target.height, far_target.height * 1.2) << "a closer person needs a wider shot";
  for (const Record& r : records) {
    if (r.t < 2.0) continue;  // the first zoom in, from the full view
    EXPECT_LE(r.crop.height, near_target.height + 0.02 * kFrame.height) << "zoomed out too far at t=" << r.t;
    if (r.t >= 5.0) {
      EXPECT_GE(r.crop.height, far_target.height - 0.02 * kFrame.height) << "zoomed in too far at t=" << r.t;
    }
  }
  EXPECT_NEAR(at(records, 4.9).crop.height, near_target.height, 0.15 * near_target.height);
  EXPECT_NEAR(records.back().crop.height, far_target.height, 0.15 * far_target.height);
}

TEST(Framing, PersonLeavingHoldsTwoSecondsThenShowsTheRoomAndReturningIsFramed) {
  // In the middle until t=3, walks out to the right (gone at ~4.4 s), gone
  // until t=9, then stands at x=900.
  auto script = [](double t) {
    if (t < 3) return Scene{640, 240};
    if (t < 5) return Scene{640 + (t - 3) * 500, 240};
    if (t < 9) return Scene{0, 240, false};
    return Scene{900, 240};
  };
  const auto records = play(script, 12.0);
  expect_head_never_cut(records);
  double last_seen = 0;
  for (const Record& r : records) {
    const test::Shot shot = clip().render(script(r.t), false);
    if (r.t < 9 && find_head_and_shoulders(shot.model_mask, kFrame)) last_seen = r.t;
  }
  ASSERT_GT(last_seen, 3.5);
  ASSERT_LT(last_seen, 5.0);
  // Held for 2 s after the last sighting (the crop may still be settling, but not zooming out).
  const cv::Rect held = at(records, last_seen).crop;
  for (const Record& r : records) {
    if (r.t > last_seen && r.t < last_seen + 1.9) {
      EXPECT_LE(r.crop.height, held.height + 1) << "t=" << r.t;
    }
  }
  EXPECT_LT(at(records, last_seen + 1.9).crop.height, kFrame.height * 0.9);
  // Back to the full view within 2 s (the follow and speed limit take a moment).
  EXPECT_EQ(at(records, last_seen + 4.0).crop, cv::Rect({0, 0}, kFrame));
  // Returned at t=9: framed again within 60 frames.
  const cv::Rect target = settled_crop(script(11.0));
  EXPECT_LT(at(records, 9.0 + 60 / kFps).crop.height, kFrame.height * 0.8);
  EXPECT_NEAR(centre_x(at(records, 9.0 + 60 / kFps).crop), centre_x(target), 0.02 * kFrame.width);
}

TEST(Framing, OffGlidesBackToTheFullViewAndStopsCropping) {
  Framer framer({true, 2.0});
  const test::Shot shot = clip().render({640, 240}, false);
  double t = 0;
  for (; t < 3; t += 1 / kFps) framer.update(shot.model_mask, kFrame, t);
  ASSERT_LT(framer.update(shot.model_mask, kFrame, t).height, kFrame.height * 0.75);
  framer.set_enabled(false);
  EXPECT_TRUE(framer.active()) << "still on the way back";
  const cv::Rect first_step = framer.update(shot.model_mask, kFrame, t += 1 / kFps);
  EXPECT_LT(first_step.height, kFrame.height) << "no jump back to the full view";
  for (int i = 0; i < 90; ++i) framer.update(shot.model_mask, kFrame, t += 1 / kFps);
  EXPECT_EQ(framer.update(shot.model_mask, kFrame, t += 1 / kFps), cv::Rect({0, 0}, kFrame));
  EXPECT_FALSE(framer.active());
}

TEST(Framing, DisabledFramerNeverCrops) {
  Framer framer({false, 2.0});
  EXPECT_FALSE(framer.active());
  const test::Shot shot = clip().render({640, 240}, false);
  EXPECT_EQ(framer.update(shot.model_mask, kFrame, 0.0), cv::Rect({0, 0}, kFrame));
  EXPECT_FALSE(framer.active());
}

TEST(Framing, MaxZoomLimitsTheCrop) {
  const Scene small{640, 150};  // a small person would want more than 2x
  for (const double zoom : {1.25, 2.0}) {
    const auto records = play([&](double) { return small; }, 4.0, {true, zoom});
    for (const Record& r : records) {
      EXPECT_GE(r.crop.height, std::floor(kFrame.height / zoom)) << "zoom " << zoom;
    }
    EXPECT_NEAR(records.back().crop.height, kFrame.height / zoom, 1.0) << "zoom " << zoom;
  }
}

}  // namespace
}  // namespace fakecam::compose::framing
