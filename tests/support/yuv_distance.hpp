// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How far two I420 images (YuvImage) are apart, per plane and over all three:
// tests compare a YUV path with the BGR path converted, within a tolerance.

#include <algorithm>
#include <array>

#include <opencv2/core.hpp>

#include "common/yuv_image.hpp"

namespace fakecam::test {

struct YuvDistance {
  double mean = 0;  // mean absolute difference, in levels
  double max = 0;   // largest absolute difference
};

// Y, U, V in that order; the images must have the same size.
inline std::array<YuvDistance, 3> plane_distances(const YuvImage& a, const YuvImage& b) {
  CV_Assert(a.size() == b.size());
  std::array<YuvDistance, 3> d;
  const cv::Mat pa[3] = {a.y(), a.u(), a.v()}, pb[3] = {b.y(), b.u(), b.v()};
  for (std::size_t p = 0; p < 3; ++p) {
    cv::Mat diff;
    cv::absdiff(pa[p], pb[p], diff);
    d[p] = {cv::mean(diff)[0], cv::norm(diff, cv::NORM_INF)};
  }
  return d;
}

// All samples of the three planes together.
inline YuvDistance yuv_distance(const YuvImage& a, const YuvImage& b) {
  const auto planes = plane_distances(a, b);
  const double luma = static_cast<double>(a.size().area()), chroma = luma / 4;
  return {(planes[0].mean * luma + (planes[1].mean + planes[2].mean) * chroma) / (luma + 2 * chroma),
          std::max({planes[0].max, planes[1].max, planes[2].max})};
}

}  // namespace fakecam::test
