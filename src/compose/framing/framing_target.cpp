// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/framing/framing_target.hpp"

#include <algorithm>
#include <cmath>

namespace fakecam::compose::framing {
namespace {

// Head-and-shoulders: the picture is about this many head heights tall (a
// webcam at arm's length shows a head at about 40 % of the frame: framed).
constexpr double kHeadsPerPicture = 2.6;
// Space kept around the head and the shoulders, in head heights.
constexpr double kMargin = 0.2;

}  // namespace

CropWindow full_view(cv::Size frame) {
  return {frame.width / 2.0, frame.height / 2.0, static_cast<double>(frame.height)};
}

CropWindow clamped(CropWindow w, cv::Size frame) {
  if (w.height >= frame.height) return full_view(frame);
  const double half_w = w.width(frame) / 2, half_h = w.height / 2;
  w.cx = std::clamp(w.cx, half_w, frame.width - half_w);
  w.cy = std::clamp(w.cy, half_h, frame.height - half_h);
  return w;
}

cv::Rect2d head_with_margin(const HeadAndShoulders& p) {
  const double m = kMargin / 2 * p.head.height;
  return {p.head.x - m, p.head.y - m, p.head.width + 2 * m, p.head.height + 2 * m};
}

CropWindow containing(CropWindow w, const cv::Rect2d& box_in, cv::Size frame) {
  // Only the part of the head inside the frame can be shown.
  const cv::Rect2d box = box_in & cv::Rect2d(0, 0, frame.width, frame.height);
  const double aspect = static_cast<double>(frame.width) / frame.height;
  w.height = std::max({w.height, box.height, box.width / aspect});
  const double half_w = w.width(frame) / 2, half_h = w.height / 2;
  // Move just enough: the box's far edge onto the window's edge.
  w.cx = std::clamp(w.cx, box.x + box.width - half_w, box.x + half_w);
  w.cy = std::clamp(w.cy, box.y + box.height - half_h, box.y + half_h);
  return clamped(w, frame);
}

CropWindow target_window(const HeadAndShoulders& p, cv::Size frame, double max_zoom) {
  const double aspect = static_cast<double>(frame.width) / frame.height;
  const double head_h = p.head.height;
  const double margin = kMargin * head_h;
  double height = kHeadsPerPicture * head_h;
  // Eyes on the upper third with the margin above the head: top = eye - h/3 <= head top - margin.
  height = std::max(height, 3 * (p.eye_y - p.head.y + margin));
  // The shoulders (and at least the head) with the margin on both sides.
  const double left = std::min(p.shoulder_left, p.head.x), right = std::max(p.shoulder_right, p.head.x + p.head.width);
  height = std::max(height, (right - left + 2 * margin) / aspect);
  height = std::clamp(height, frame.height / std::max(1.0, max_zoom), static_cast<double>(frame.height));

  CropWindow w;
  w.height = height;
  w.cx = p.head.x + p.head.width / 2;
  w.cy = p.eye_y - height / 3 + height / 2;
  return containing(clamped(w, frame), head_with_margin(p), frame);
}

cv::Rect crop_rect(const CropWindow& window, cv::Size frame) {
  const CropWindow w = clamped(window, frame);
  const int width = std::min(frame.width, static_cast<int>(std::lround(w.width(frame))));
  const int height = std::min(frame.height, static_cast<int>(std::lround(w.height)));
  const int x = std::clamp(static_cast<int>(std::lround(w.cx - width / 2.0)), 0, frame.width - width);
  const int y = std::clamp(static_cast<int>(std::lround(w.cy - height / 2.0)), 0, frame.height - height);
  return {x, y, width, height};
}

}  // namespace fakecam::compose::framing
