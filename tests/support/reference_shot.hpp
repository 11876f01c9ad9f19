// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A real person and a real mask for the compositor's tests: the selfie
// reference picture (tests/data/selfie-ref/landscape/grace_hopper.png)
// scaled up to a camera frame, and MediaPipe's own landscape mask for it.

#include <opencv2/core.hpp>

namespace fakecam::test {

struct ReferenceShot {
  cv::Mat frame_bgr;  // CV_8UC3 at the size asked for (bilinear)
  cv::Mat mask;       // CV_32FC1, 0..1, at the model's resolution
};

// Both empty, with a test failure added, when a file is missing.
ReferenceShot reference_shot(cv::Size frame);

}  // namespace fakecam::test
