// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics.hpp"

#include <cmath>

#include <opencv2/imgproc.hpp>

namespace fakecam::tools {

double mean_abs_difference(const cv::Mat& a, const cv::Mat& b, const cv::Mat& valid) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  return cv::mean(diff, valid)[0];
}

cv::Mat contour_pixels(const cv::Mat& alpha) {
  const cv::Mat inside = alpha >= 128;
  cv::Mat eroded;
  cv::erode(inside, eroded, cv::getStructuringElement(cv::MORPH_CROSS, {3, 3}), cv::Point(-1, -1), 1,
            cv::BORDER_REPLICATE);
  return inside & ~eroded;
}

double band_width(const cv::Mat& alpha) {
  const int length = cv::countNonZero(contour_pixels(alpha));
  // No person found (the model saw none in this view): nothing to measure,
  // and a 0 would pull the averages over the photos down.
  if (length == 0) return std::nan("");
  const int band = cv::countNonZero((alpha > 25) & (alpha < 230));
  return static_cast<double>(band) / length;
}

double flicker_vs_truth(const cv::Mat& alpha_before, const cv::Mat& alpha, const cv::Mat& truth_before,
                        const cv::Mat& truth) {
  cv::Mat da, dt, diff;
  cv::subtract(alpha, alpha_before, da, cv::noArray(), CV_16S);
  cv::subtract(truth, truth_before, dt, cv::noArray(), CV_16S);
  cv::absdiff(da, dt, diff);
  return cv::mean(diff)[0];
}

double flicker_where_truth_still(const cv::Mat& alpha_before, const cv::Mat& alpha, const cv::Mat& truth_before,
                                 const cv::Mat& truth, int margin) {
  cv::Mat changed = truth != truth_before;
  if (margin > 0) {
    cv::dilate(changed, changed, cv::getStructuringElement(cv::MORPH_RECT, {2 * margin + 1, 2 * margin + 1}));
  }
  const cv::Mat still = changed == 0;
  if (cv::countNonZero(still) == 0) return std::nan("");
  return mean_abs_difference(alpha, alpha_before, still);
}

cv::Point2d estimate_shift(const cv::Mat& from, const cv::Mat& to) {
  cv::Mat a, b, window;
  from.convertTo(a, CV_64F);
  to.convertTo(b, CV_64F);
  cv::createHanningWindow(window, a.size(), CV_64F);
  return cv::phaseCorrelate(a, b, window);
}

double iou(const cv::Mat& alpha, const cv::Mat& truth) {
  const cv::Mat p = alpha >= 128, t = truth >= 128;
  const int inter = cv::countNonZero(p & t), uni = cv::countNonZero(p | t);
  return uni == 0 ? 1.0 : static_cast<double>(inter) / uni;
}

double boundary_f(const cv::Mat& alpha, const cv::Mat& truth, double tolerance) {
  const cv::Mat pc = contour_pixels(alpha), tc = contour_pixels(truth);
  const int np = cv::countNonZero(pc), nt = cv::countNonZero(tc);
  if (np == 0 || nt == 0) return np == nt ? 1.0 : 0.0;
  cv::Mat dist_to_t, dist_to_p;
  cv::distanceTransform(~tc, dist_to_t, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  cv::distanceTransform(~pc, dist_to_p, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  const double precision = static_cast<double>(cv::countNonZero((dist_to_t <= tolerance) & pc)) / np;
  const double recall = static_cast<double>(cv::countNonZero((dist_to_p <= tolerance) & tc)) / nt;
  return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

}  // namespace fakecam::tools
