// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Moves the crop like a camera operator would:
//  - a dead zone: while the ideal crop stays near the one held, nothing
//    moves (the mask's flicker never shakes the picture);
//  - once it leaves the dead zone, a critically damped follow (the fastest
//    approach with no overshoot and no oscillation) toward it, tracking it
//    until the crop has come to rest, then holding still again;
//  - a steady speed limit on panning and zooming;
//  - nobody seen for 2 s: back to the full view.
// Time is the frames' own timestamps (seconds), so a recorded or synthetic
// clip gives the same crops every run.

#include <optional>

#include <opencv2/core.hpp>

#include "compose/framing/framing_target.hpp"

namespace fakecam::compose::framing {

struct FollowerSettings {
  double dead_zone = 0.08;       // of the crop height: centre moves smaller than this are ignored
  double size_dead_zone = 0.15;  // relative: zoom changes smaller than this are ignored
  double omega = 6.0;            // rad/s of the critically damped follow (~0.8 s to 95 %)
  double max_pan_speed = 0.6;    // frame heights per second
  double max_zoom_speed = 0.5;   // frame heights of crop height per second
  double lost_after_s = 2.0;     // nobody seen this long: back to the full view
};

class CropFollower {
 public:
  explicit CropFollower(FollowerSettings settings = {}) : settings_(settings) {}

  // One frame: `target` is the ideal crop for it (nullopt: nobody seen),
  // `head` the box no crop may cut (nullopt: none), t its timestamp in
  // seconds. Returns the crop to use. A new frame size starts over from the
  // full view.
  CropWindow update(std::optional<CropWindow> target, std::optional<cv::Rect2d> head, cv::Size frame, double t);

  const CropWindow& window() const { return window_; }
  // At the full view and holding it: nothing to crop.
  bool at_full_view() const;

 private:
  bool outside_dead_zone(const CropWindow& target) const;
  void step(double dt);

  FollowerSettings settings_;
  cv::Size frame_;
  CropWindow window_, velocity_{0, 0, 0}, goal_;
  bool tracking_ = false;
  std::optional<double> last_t_;
  std::optional<double> last_seen_t_;
};

}  // namespace fakecam::compose::framing
