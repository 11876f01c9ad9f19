// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/colour_background.hpp"

namespace fakecam::compose {

void ColourBackground::prepare(const BackgroundInput& input) {
  const std::size_t bytes = static_cast<std::size_t>(input.frame.cols) * 3;
  if (row_.size() == bytes) return;
  row_.resize(bytes);
  for (std::size_t i = 0; i < bytes; i += 3) {
    row_[i] = colour_[0];
    row_[i + 1] = colour_[1];
    row_[i + 2] = colour_[2];
  }
}

void ColourBackground::prepare_yuv(const YuvBackgroundInput& input) {
  const auto width = static_cast<std::size_t>(input.frame.size().width);
  if (yuv_rows_[0].size() == width) return;
  // The colour through the one BGR -> YUV conversion the frames use.
  YuvImage pixel;
  bgr_to_yuv(cv::Mat(2, 2, CV_8UC3, cv::Scalar(colour_[0], colour_[1], colour_[2])), pixel);
  yuv_rows_[0].assign(width, pixel.y().at<std::uint8_t>(0, 0));
  yuv_rows_[1].assign(width / 2, pixel.u().at<std::uint8_t>(0, 0));
  yuv_rows_[2].assign(width / 2, pixel.v().at<std::uint8_t>(0, 0));
}

}  // namespace fakecam::compose
