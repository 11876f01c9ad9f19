// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reads a YUV4MPEG2 (I420) stream back into BGR frames, for end-to-end tests
// of what fakecam writes.

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::test {

struct Y4mVideo {
  int width = 0;
  int height = 0;
  std::string frame_rate;       // "30:1"
  std::string colour_space;     // "420jpeg", "420mpeg2", ...
  std::vector<cv::Mat> frames;  // CV_8UC3 BGR
};

// Throws std::runtime_error on a malformed stream.
Y4mVideo read_y4m(const std::filesystem::path& path);

}  // namespace fakecam::test
