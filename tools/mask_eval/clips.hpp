// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Test clips made from one photo by moving a virtual camera over it, so the
// true motion of every pixel is known: a still camera (with sensor noise),
// a pan and a zoom.

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::tools {

struct Clip {
  std::string name;                // "still", "pan", "zoom"
  std::vector<cv::Mat> frames;     // CV_8UC3
  std::vector<cv::Matx23d> views;  // world -> frame, per frame
};

// The photo is the world; frames of `size` look at it through `views`.
// noise: standard deviation of the Gaussian sensor noise added per frame.
Clip make_clip(const std::string& kind, const cv::Mat& world, cv::Size size, int frames, double noise, unsigned seed);

// The affine map that takes frame t-1's pixels to frame t's (B = A_t A_{t-1}^-1).
cv::Matx23d relative_motion(const cv::Matx23d& from, const cv::Matx23d& to);

// `image` moved by `motion` (pixels that come from outside are marked in
// `valid` as 0).
void warp(const cv::Mat& image, const cv::Matx23d& motion, cv::Mat& out, cv::Mat& valid);

}  // namespace fakecam::tools
