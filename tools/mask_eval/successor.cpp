// SPDX-License-Identifier: GPL-3.0-or-later
#include "successor.hpp"

#include <opencv2/imgproc.hpp>

namespace fakecam::tools {

void SuccessorMask::run(const cv::Mat& model_mask, cv::Size frame, cv::Mat& alpha) {
  cv::Mat category, mask;
  cv::threshold(model_mask, category, 0.5, 1.0, cv::THRESH_BINARY);
  cv::resize(category, mask, frame, 0, 0, cv::INTER_LINEAR);
  cv::GaussianBlur(mask, mask, {7, 7}, 0);
  cv::threshold(mask, mask, 0.75, 1.0, cv::THRESH_BINARY);
  cv::dilate(mask, mask, cv::Mat::ones(5, 5, CV_8U));
  cv::blur(mask, mask, {10, 10});
  if (average_.empty() || average_.size() != frame) {
    average_ = mask.clone();
  } else {
    cv::accumulateWeighted(mask, average_, 0.5);
  }
  average_.convertTo(alpha, CV_8U, 255.0);
}

}  // namespace fakecam::tools
