// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Synthetic webcam clips for the framing tests: a real person photo (Grace
// Hopper, with its MediaPipe reference mask) cut out and placed on a larger
// made-up room at any position and size, so a test can pan, step, zoom and
// walk the person out and back, and knows exactly where the head is.

#include <optional>

#include <opencv2/core.hpp>

namespace fakecam::test {

struct Scene {
  double person_x = 640;     // centre of the person, frame pixels (may be off the frame)
  double person_size = 240;  // the cut-out's height (and width), frame pixels
  bool visible = true;       // false: nobody in the room
};

struct Shot {
  cv::Mat frame;                   // CV_8UC3 at SyntheticClip::kFrame (only when asked for)
  cv::Mat model_mask;              // CV_32FC1 at SyntheticClip::kModel, what the model would say
  std::optional<cv::Rect2d> head;  // the visible part of the head, frame pixels; nullopt when none is visible
};

class SyntheticClip {
 public:
  static inline const cv::Size kFrame{1280, 720};
  static inline const cv::Size kModel{256, 144};  // the landscape model's mask

  SyntheticClip();
  // `noise`: the model's frame-to-frame flicker (a sub-pixel shift and a
  // confidence change of the mask), drawn from it.
  Shot render(const Scene& scene, bool with_frame, cv::RNG* noise = nullptr) const;

 private:
  cv::Mat photo_, photo_mask_, room_;
  cv::Rect head_in_photo_;
};

}  // namespace fakecam::test
