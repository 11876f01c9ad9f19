// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where a test photo certainly shows the person and certainly shows the
// background: its reference mask, resized to the frame, eroded well away from
// the edge, so pixel checks do not depend on exactly where the edge falls.

#include <filesystem>

#include <opencv2/core.hpp>

namespace fakecam::test {

struct PersonRegions {
  cv::Mat person, background;  // CV_8UC1, non-zero = in the region
};

// `mask`: an 8-bit mask image, 255 = person. Fails the test (gtest) when the
// mask cannot be read.
PersonRegions person_regions(const std::filesystem::path& mask, cv::Size frame_size);

}  // namespace fakecam::test
