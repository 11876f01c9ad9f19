// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Making a background image the frame's size (cover, fit, tile, stretch).

#include <opencv2/core.hpp>

#include "compose/compose_settings.hpp"

namespace fakecam::compose {

// Writes `image` (CV_8UC3, not empty) scaled to `size` by `mode` into `out`
// (CV_8UC3 of `size`). Bars of ImageFit::fit are `bar_bgr`. Shrinking uses
// area averaging (no aliasing of fine patterns), enlarging bilinear.
void fit_image(const cv::Mat& image, cv::Size size, ImageFit mode, cv::Vec3b bar_bgr, cv::Mat& out);

// The part of the source that ImageFit::cover keeps: the largest centred
// rectangle with the frame's aspect.
cv::Rect cover_crop(cv::Size image, cv::Size frame);

// Where ImageFit::fit draws the scaled image inside the frame (centred).
cv::Rect fit_placement(cv::Size image, cv::Size frame);

}  // namespace fakecam::compose
