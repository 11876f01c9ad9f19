// SPDX-License-Identifier: GPL-3.0-or-later
#include "clips.hpp"

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"

namespace fakecam::tools {
namespace {

// The view of the world centred at (cx, cy) with `scale` frame pixels per
// world pixel.
cv::Matx23d view(double scale, double cx, double cy, cv::Size frame) {
  return {scale, 0, frame.width / 2.0 - scale * cx, 0, scale, frame.height / 2.0 - scale * cy};
}

}  // namespace

Clip make_clip(const std::string& kind, const cv::Mat& world, cv::Size size, int frames, double noise, unsigned seed) {
  Clip clip;
  clip.name = kind;
  // At the start the frame shows the middle 80% of the world's width.
  const double base = size.width / (0.8 * world.cols);
  const double cx = world.cols / 2.0, cy = world.rows / 2.0;
  cv::RNG rng(seed);
  for (int t = 0; t < frames; ++t) {
    cv::Matx23d a;
    if (kind == "still") {
      a = view(base, cx, cy, size);
    } else if (kind == "pan") {
      // 1.5 px right and 0.5 px down per frame, in frame pixels.
      a = view(base, cx - t * 1.5 / base, cy - t * 0.5 / base, size);
    } else if (kind == "zoom") {
      a = view(base * std::pow(1.004, t), cx, cy, size);
    } else {
      fail("unknown clip kind {}", kind);
    }
    cv::Mat frame;
    cv::warpAffine(world, frame, cv::Mat(a), size, cv::INTER_CUBIC, cv::BORDER_REFLECT_101);
    if (noise > 0) {
      cv::Mat n(size, CV_32FC3);
      rng.fill(n, cv::RNG::NORMAL, 0.0, noise);
      cv::Mat f;
      frame.convertTo(f, CV_32FC3);
      f += n;
      f.convertTo(frame, CV_8UC3);
    }
    clip.frames.push_back(frame);
    clip.views.push_back(a);
  }
  return clip;
}

cv::Matx23d relative_motion(const cv::Matx23d& from, const cv::Matx23d& to) {
  cv::Matx33d f(from(0, 0), from(0, 1), from(0, 2), from(1, 0), from(1, 1), from(1, 2), 0, 0, 1);
  cv::Matx33d t(to(0, 0), to(0, 1), to(0, 2), to(1, 0), to(1, 1), to(1, 2), 0, 0, 1);
  const cv::Matx33d b = t * f.inv();
  return {b(0, 0), b(0, 1), b(0, 2), b(1, 0), b(1, 1), b(1, 2)};
}

void warp(const cv::Mat& image, const cv::Matx23d& motion, cv::Mat& out, cv::Mat& valid) {
  cv::warpAffine(image, out, cv::Mat(motion), image.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  const cv::Mat ones(image.size(), CV_8UC1, cv::Scalar(255));
  cv::warpAffine(ones, valid, cv::Mat(motion), image.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT);
  // A margin: the edge rows of a warped image mix in the border.
  cv::erode(valid, valid, cv::Mat(), cv::Point(-1, -1), 2);
}

}  // namespace fakecam::tools
