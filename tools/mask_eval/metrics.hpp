#pragma once
// Measures of a mask (CV_8UC1 alpha, 255 = person) for the evaluation tool.

#include <opencv2/core.hpp>

namespace fakecam::tools {

// Mean |a - b| in grey levels (0..255) over the pixels where valid != 0
// (valid may be empty: all pixels).
double mean_abs_difference(const cv::Mat& a, const cv::Mat& b, const cv::Mat& valid = cv::Mat());

// The 0.5 contour: alpha >= 128 pixels with a 4-neighbour below 128.
cv::Mat contour_pixels(const cv::Mat& alpha);

struct EdgeStats {
  // Pixels with 0.1 < alpha < 0.9 per contour pixel: the soft band's mean
  // width across the edge, in pixels.
  double band_width = 0;
  // Mean image gradient (Sobel, grey) on the contour divided by the mean
  // gradient within 8 px of it: > 1 when the mask's edge sits on the
  // strongest local image edge.
  double edge_alignment = 0;
};
// Both NaN when the mask has no edge (no person in the view).
EdgeStats edge_stats(const cv::Mat& alpha, const cv::Mat& frame_bgr);

// The translation that moves `from` onto `to` (phase correlation on the
// alpha images), in pixels.
cv::Point2d estimate_shift(const cv::Mat& from, const cv::Mat& to);

// Intersection over union of alpha >= 128 and truth >= 128.
double iou(const cv::Mat& alpha, const cv::Mat& truth);

// Boundary F-measure (DAVIS's F): contour pixels of each that lie within
// `tolerance` pixels of the other's contour, as precision and recall.
double boundary_f(const cv::Mat& alpha, const cv::Mat& truth, double tolerance);

}  // namespace fakecam::tools
