// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The crop a camera operator would choose for a head-and-shoulders shot:
// the head about a third of the picture's height, the eyes on the upper
// third line, a margin around the head and shoulders, zoomed in at most
// max_zoom, and never a crop through the head.

#include <opencv2/core.hpp>

#include "compose/framing/person_box.hpp"

namespace fakecam::compose::framing {

// A crop of the frame's aspect: centre and height in frame pixels (the width
// is height * frame aspect).
struct CropWindow {
  double cx = 0, cy = 0, height = 0;
  double width(cv::Size frame) const { return height * frame.width / frame.height; }
  double top() const { return cy - height / 2; }
  friend bool operator==(const CropWindow&, const CropWindow&) = default;
};

CropWindow full_view(cv::Size frame);

// The window moved (not resized) to lie inside the frame; a window taller
// than the frame becomes the full view.
CropWindow clamped(CropWindow window, cv::Size frame);

// The window moved, or failing that enlarged, until `box` lies inside it
// (then clamped): how a crop is kept from cutting through the head.
CropWindow containing(CropWindow window, const cv::Rect2d& box, cv::Size frame);

// The head with the margin no crop may cut into.
cv::Rect2d head_with_margin(const HeadAndShoulders& person);

// The shot for this person; max_zoom >= 1.
CropWindow target_window(const HeadAndShoulders& person, cv::Size frame, double max_zoom);

// The pixels to crop (rounded, inside the frame).
cv::Rect crop_rect(const CropWindow& window, cv::Size frame);

}  // namespace fakecam::compose::framing
