// SPDX-License-Identifier: GPL-3.0-or-later
// The blur's horizontal stretch of an 8-bit plane: what cv::resize's
// INTER_LINEAR makes, bit for bit, for the factors it takes (the blur's
// result was cv::resize's before the kernel replaced it), on random rows
// with tails, a one-sample row and a ramp; other factors are refused.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "compose/kernels/kernels.hpp"

namespace fakecam::compose::kernels {
namespace {

cv::Mat stretched(const cv::Mat& small, int factor) {
  cv::Mat out(small.rows, small.cols * factor, CV_8UC1, cv::Scalar(7));
  std::vector<std::uint8_t> padded(static_cast<std::size_t>(small.cols) + 2);
  for (int y = 0; y < small.rows; ++y) {
    const std::uint8_t* row = small.ptr<std::uint8_t>(y);
    padded.front() = row[0];
    std::copy(row, row + small.cols, padded.begin() + 1);
    padded.back() = row[small.cols - 1];
    EXPECT_TRUE(stretch_row_u8(padded.data(), factor, out.ptr<std::uint8_t>(y), small.cols));
  }
  return out;
}

TEST(StretchRowU8, IsCvResizeBitForBit) {
  cv::RNG rng(5);
  for (const int factor : {2, 4, 8}) {
    for (const int width : {320, 160, 37, 1}) {
      SCOPED_TRACE("x" + std::to_string(factor) + " of " + std::to_string(width));
      cv::Mat small(9, width, CV_8UC1);
      rng.fill(small, cv::RNG::UNIFORM, 0, 256);
      small.at<std::uint8_t>(0, 0) = 0;
      small.at<std::uint8_t>(1, 0) = 255;
      cv::Mat want;
      cv::resize(small, want, cv::Size(width * factor, small.rows), 0, 0, cv::INTER_LINEAR);
      EXPECT_EQ(cv::norm(stretched(small, factor), want, cv::NORM_INF), 0.0);
    }
  }
}

TEST(StretchRowU8, RampStaysARampBetweenRepeatedEdges) {
  // 0, 64, 128, 192 made 4x wider: the first and last 2 outputs repeat the
  // edge samples; between, steps of 16.
  const std::vector<std::uint8_t> padded{0, 0, 64, 128, 192, 192};
  std::vector<std::uint8_t> out(16);
  ASSERT_TRUE(stretch_row_u8(padded.data(), 4, out.data(), 4));
  const std::vector<std::uint8_t> want{0, 0, 8, 24, 40, 56, 72, 88, 104, 120, 136, 152, 168, 184, 192, 192};
  EXPECT_EQ(out, want);
}

TEST(StretchRowU8, RefusesOtherFactors) {
  const std::vector<std::uint8_t> padded{1, 1, 2, 2};
  std::vector<std::uint8_t> out(6, 9);
  EXPECT_FALSE(stretch_row_u8(padded.data(), 3, out.data(), 2));
  EXPECT_EQ(out, std::vector<std::uint8_t>(6, 9)) << "nothing written";
}

}  // namespace
}  // namespace fakecam::compose::kernels
