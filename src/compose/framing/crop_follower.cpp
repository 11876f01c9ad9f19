// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/framing/crop_follower.hpp"

#include <algorithm>
#include <cmath>

namespace fakecam::compose::framing {
namespace {

// At rest: closer than this to the goal (pixels) and slower than this (pixels/s).
constexpr double kRestDistance = 0.5;
constexpr double kRestSpeed = 2.0;

struct Axis {
  double x, v;
};

// The exact solution of x'' = -w^2 (x - goal) - 2 w x' over dt (critically
// damped, so no oscillation), then held to the speed limit. Crossing the goal
// (possible only when already moving fast toward it) stops there: no overshoot.
Axis follow(Axis a, double goal, double omega, double max_speed, double dt) {
  const double e0 = a.x - goal;
  const double decay = std::exp(-omega * dt);
  const double k = a.v + omega * e0;
  double e = (e0 + k * dt) * decay;
  double v = (a.v - omega * k * dt) * decay;
  if (e0 != 0 && (e > 0) != (e0 > 0)) return {goal, 0};
  const double max_step = max_speed * dt;
  if (std::abs(e - e0) > max_step) {
    e = e0 + std::copysign(max_step, e - e0);
    v = std::copysign(max_speed, v);
  }
  return {goal + e, v};
}

}  // namespace

bool CropFollower::at_full_view() const { return frame_.empty() || (!tracking_ && window_ == full_view(frame_)); }

bool CropFollower::outside_dead_zone(const CropWindow& target) const {
  const double h = goal_.height;
  return std::abs(target.cx - goal_.cx) > settings_.dead_zone * h ||
         std::abs(target.cy - goal_.cy) > settings_.dead_zone * h ||
         std::abs(target.height - h) > settings_.size_dead_zone * h;
}

void CropFollower::step(double dt) {
  const double pan = settings_.max_pan_speed * frame_.height;
  const double zoom = settings_.max_zoom_speed * frame_.height;
  const Axis x = follow({window_.cx, velocity_.cx}, goal_.cx, settings_.omega, pan, dt);
  const Axis y = follow({window_.cy, velocity_.cy}, goal_.cy, settings_.omega, pan, dt);
  const Axis h = follow({window_.height, velocity_.height}, goal_.height, settings_.omega, zoom, dt);
  window_ = {x.x, y.x, h.x};
  velocity_ = {x.v, y.v, h.v};
  const double distance = std::max({std::abs(x.x - goal_.cx), std::abs(y.x - goal_.cy), std::abs(h.x - goal_.height)});
  const double speed = std::max({std::abs(x.v), std::abs(y.v), std::abs(h.v)});
  if (distance < kRestDistance && speed < kRestSpeed) {
    // At rest: exactly on the goal, and the goal held until the target leaves the dead zone.
    window_ = goal_;
    velocity_ = {0, 0, 0};
    tracking_ = false;
  }
}

CropWindow CropFollower::update(std::optional<CropWindow> target, std::optional<cv::Rect2d> head, cv::Size frame,
                                double t) {
  if (frame != frame_) {
    frame_ = frame;
    window_ = goal_ = full_view(frame);
    velocity_ = {0, 0, 0};
    tracking_ = false;
    last_t_.reset();
    last_seen_t_.reset();
  }
  const double dt = last_t_ ? std::max(0.0, t - *last_t_) : 0.0;
  last_t_ = t;
  if (target) {
    last_seen_t_ = t;
  } else if (!last_seen_t_ || t - *last_seen_t_ >= settings_.lost_after_s) {
    target = full_view(frame);  // nobody for a while: show the room
  }
  // Lost for less than that: hold the shot (the model missed a frame or two,
  // or the person leans out for a moment).
  if (target) {
    if (tracking_) {
      goal_ = *target;
    } else if (outside_dead_zone(*target)) {
      goal_ = *target;
      tracking_ = true;
    }
  }
  if (dt > 0 || tracking_) step(dt);
  // Never through the head, whatever the smoothing says: a person who moves
  // faster than the follow gets a quick reframe instead.
  if (head) {
    const CropWindow safe = containing(window_, *head, frame);
    if (!(safe == window_)) {
      window_ = safe;
      velocity_ = {0, 0, 0};
      tracking_ = true;
    }
  }
  window_ = clamped(window_, frame);
  return window_;
}

}  // namespace fakecam::compose::framing
