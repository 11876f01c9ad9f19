// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where the person's head and shoulders are, from the segmentation mask.
//
// The mask only says "person" or not, so the head is read from its outline:
// the top of the largest person region is the top of the head; going down,
// the outline widens with the head, and where it suddenly widens by half
// again (once the head is about as tall as wide) the shoulders begin. Eyes
// sit a little above the middle of that head (hair adds to its top).

#include <optional>

#include <opencv2/core.hpp>

namespace fakecam::compose::framing {

struct HeadAndShoulders {
  cv::Rect2d head;           // top of the head to the chin, in frame pixels
  double eye_y = 0;          // the eye line, in frame pixels
  double shoulder_left = 0;  // the shoulders' extent (or the head's, when no shoulders are seen)
  double shoulder_right = 0;
};

// model_mask: CV_32FC1 confidence (0..1) or CV_8UC1 (0..255), at any
// resolution; it covers the whole frame of `frame` size (the model squeezes
// the frame, so rows and columns are scaled separately). nullopt when no
// person region covers at least 0.5 % of the mask.
std::optional<HeadAndShoulders> find_head_and_shoulders(const cv::Mat& model_mask, cv::Size frame,
                                                        float threshold = 0.5f);

}  // namespace fakecam::compose::framing
