// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the framing benchmarks feed the framer: a landscape-model mask of a
// head and shoulders, and a camera frame with some structure.

#include <opencv2/imgproc.hpp>

namespace fakecam::bench {

// A landscape-model mask: a head and shoulders in the middle, soft edges.
inline cv::Mat head_and_shoulders_mask() {
  cv::Mat mask(144, 256, CV_32FC1, cv::Scalar(0.02f));
  cv::ellipse(mask, {128, 150}, {70, 50}, 0, 0, 360, cv::Scalar(0.98f), cv::FILLED);
  cv::ellipse(mask, {128, 62}, {22, 28}, 0, 0, 360, cv::Scalar(0.98f), cv::FILLED);
  cv::GaussianBlur(mask, mask, cv::Size(5, 5), 1.0);
  return mask;
}

inline cv::Mat textured_frame(cv::Size size) {
  cv::Mat frame(size, CV_8UC3);
  cv::RNG rng(7);
  rng.fill(frame, cv::RNG::UNIFORM, 0, 256);
  cv::GaussianBlur(frame, frame, cv::Size(5, 5), 1.5);  // some structure, like a picture
  return frame;
}

}  // namespace fakecam::bench
