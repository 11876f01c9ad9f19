// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An independent reference for YUV -> BGR: the BT.601/BT.709 equations in
// double precision, with each pixel taking the chroma sample that covers it.
// Tests compare fakecam's decoded pixels against it, every pixel.

#include <cstdint>
#include <filesystem>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

namespace fakecam::media::test {

struct YuvColour {
  bool bt709 = false;       // else BT.601
  bool full_range = false;  // else limited (16..235 luma, 16..240 chroma)
};

// B, G, R (unclamped, unrounded) of one sample given in 8-bit units.
cv::Vec3d yuv_to_bgr(double y, double u, double v, YuvColour colour);

// Three 8-bit planes as ffmpeg's "-f rawvideo" writes them: Y, then U, then
// V (or interleaved UV for NV12), each without padding.
struct YuvPlanes {
  int width = 0, height = 0;
  int shift_x = 0, shift_y = 0;  // chroma subsampling: 1,1 for 4:2:0, 1,0 for 4:2:2, 0,0 for 4:4:4
  std::vector<std::uint8_t> y, u, v;
};

// Reads such a dump; throws when the file is not exactly that size.
YuvPlanes read_yuv_planes(const std::filesystem::path& path, int width, int height, int shift_x, int shift_y);

// The BGR picture (CV_8UC3, rounded and clamped) of `planes`.
cv::Mat reference_bgr(const YuvPlanes& planes, YuvColour colour);

// Every pixel (and channel) of `actual` within `tolerance` of `expected`;
// the failure says how many pixels are off, the first one, and which columns.
::testing::AssertionResult near_everywhere(const cv::Mat& actual, const cv::Mat& expected, int tolerance);

// Whether two images are the same size, type and bytes.
::testing::AssertionResult identical(const cv::Mat& a, const cv::Mat& b);

}  // namespace fakecam::media::test
