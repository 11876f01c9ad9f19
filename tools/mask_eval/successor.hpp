// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The post-processing of Linux-Fake-Background-Webcam's successor (lfbw,
// fangfufu/Linux-Fake-Background-Webcam lfbw/lfbw.py, default settings), so
// that mask_eval compares fakecam with what it replaces rather than with a
// stand-in. Per frame, on the model's output:
//
//   1. the category mask: person where the confidence > 0.5 (lfbw asks
//      MediaPipe for output_category_mask);
//   2. bilinear upscale to the frame, then a 7x7 Gaussian blur;
//   3. --threshold 75: binary, 1 where > 0.75;
//   4. post-processing (on unless --no-postprocess): dilate with a 5x5
//      square, then a 10x10 box blur;
//   5. mask-update-speed 50: a running average, 50 % new mask each frame
//      (cv2.accumulateWeighted with the first frame as the start).
//
// The network is fakecam's (lfbw runs MediaPipe's newer selfie_segmenter),
// so the rows differ only in what is done with the network's output.

#include <opencv2/core.hpp>

namespace fakecam::tools {

class SuccessorMask {
 public:
  // model_mask: CV_32FC1 confidence at model resolution. alpha: CV_8UC1 at
  // `frame` size, 255 = person.
  void run(const cv::Mat& model_mask, cv::Size frame, cv::Mat& alpha);

 private:
  cv::Mat average_;  // CV_32FC1 at frame size, 0..1; empty before the first frame
};

}  // namespace fakecam::tools
