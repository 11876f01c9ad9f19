// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/person_regions.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace fakecam::test {

PersonRegions person_regions(const std::filesystem::path& mask, cv::Size frame_size) {
  PersonRegions r;
  cv::Mat ref = cv::imread(mask.string(), cv::IMREAD_GRAYSCALE);
  EXPECT_FALSE(ref.empty()) << mask << ": cannot read the reference mask";
  if (ref.empty()) return r;
  cv::resize(ref, ref, frame_size, 0, 0, cv::INTER_LINEAR);
  const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(25, 25));
  cv::erode(ref > 200, r.person, kernel);
  cv::erode(ref < 30, r.background, kernel);
  return r;
}

}  // namespace fakecam::test
