// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/reference_shot.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/test_paths.hpp"

namespace fakecam::test {

ReferenceShot reference_shot(cv::Size frame) {
  const auto dir = data_dir() / "selfie-ref" / "landscape";
  const cv::Mat small = cv::imread((dir / "grace_hopper.png").string(), cv::IMREAD_COLOR);
  const cv::Mat ref = cv::imread((dir / "grace_hopper_ref.png").string(), cv::IMREAD_GRAYSCALE);
  if (small.empty() || ref.empty()) {
    ADD_FAILURE() << "the selfie reference picture or its mask is missing in " << dir;
    return {};
  }
  ReferenceShot shot;
  cv::resize(small, shot.frame_bgr, frame, 0, 0, cv::INTER_LINEAR);
  ref.convertTo(shot.mask, CV_32F, 1.0 / 255.0);
  return shot;
}

}  // namespace fakecam::test
