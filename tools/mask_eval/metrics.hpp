// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Measures of a mask (CV_8UC1 alpha, 255 = person) for the evaluation tool.

#include <opencv2/core.hpp>

namespace fakecam::tools {

// Mean |a - b| in grey levels (0..255) over the pixels where valid != 0
// (valid may be empty: all pixels).
double mean_abs_difference(const cv::Mat& a, const cv::Mat& b, const cv::Mat& valid = cv::Mat());

// The 0.5 contour: alpha >= 128 pixels with a 4-neighbour below 128.
cv::Mat contour_pixels(const cv::Mat& alpha);

// Pixels with 0.1 < alpha < 0.9 per contour pixel: the soft band's mean
// width across the edge, in pixels. NaN when the mask has no edge (no person
// in the view). (No measure here asks whether the edge sits on an image
// edge: that is what the edge refiner does by construction, so it would
// score the refiner by its own mechanism rather than against the truth.)
double band_width(const cv::Mat& alpha);

// Flicker against a ground truth, in grey levels per frame: the mean over
// all pixels of |(alpha_t - alpha_t-1) - (truth_t - truth_t-1)|, the change
// of the mask that the true mask's own change does not explain. A mask that
// follows a moving person exactly scores 0 however fast the person moves; a
// mask that lags behind or jitters scores what it gets wrong.
double flicker_vs_truth(const cv::Mat& alpha_before, const cv::Mat& alpha, const cv::Mat& truth_before,
                        const cv::Mat& truth);

// Flicker where the truth is still: the mean |alpha_t - alpha_t-1| over the
// pixels whose true mask did not change (and within `margin` px of no
// pixel that did), NaN if there are none. Pure jitter, no lag.
double flicker_where_truth_still(const cv::Mat& alpha_before, const cv::Mat& alpha, const cv::Mat& truth_before,
                                 const cv::Mat& truth, int margin = 2);

// The translation that moves `from` onto `to` (phase correlation on the
// alpha images), in pixels.
cv::Point2d estimate_shift(const cv::Mat& from, const cv::Mat& to);

// Intersection over union of alpha >= 128 and truth >= 128.
double iou(const cv::Mat& alpha, const cv::Mat& truth);

// Boundary F-measure (DAVIS's F): contour pixels of each that lie within
// `tolerance` pixels of the other's contour, as precision and recall.
double boundary_f(const cv::Mat& alpha, const cv::Mat& truth, double tolerance);

}  // namespace fakecam::tools
