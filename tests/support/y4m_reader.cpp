// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/y4m_reader.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace fakecam::test {

Y4mVideo read_y4m(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::string header;
  std::getline(in, header);
  std::istringstream fields(header);
  std::string word;
  fields >> word;
  if (word != "YUV4MPEG2") throw std::runtime_error("not a y4m stream: " + header);
  Y4mVideo video;
  video.colour_space = "420jpeg";  // the format's default
  while (fields >> word) {
    switch (word[0]) {
      case 'W':
        video.width = std::stoi(word.substr(1));
        break;
      case 'H':
        video.height = std::stoi(word.substr(1));
        break;
      case 'F':
        video.frame_rate = word.substr(1);
        break;
      case 'C':
        video.colour_space = word.substr(1);
        break;
      default:
        break;
    }
  }
  if (video.width <= 0 || video.height <= 0) throw std::runtime_error("y4m header without size: " + header);
  if (video.colour_space.rfind("420", 0) != 0) throw std::runtime_error("not 4:2:0: " + video.colour_space);
  const std::size_t frame_bytes = static_cast<std::size_t>(video.width) * video.height * 3 / 2;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("FRAME", 0) != 0) throw std::runtime_error("expected FRAME, got: " + line.substr(0, 20));
    cv::Mat i420(video.height * 3 / 2, video.width, CV_8UC1);
    if (!in.read(reinterpret_cast<char*>(i420.data), static_cast<std::streamsize>(frame_bytes))) {
      throw std::runtime_error("truncated frame " + std::to_string(video.frames.size()));
    }
    cv::Mat bgr;
    cv::cvtColor(i420, bgr, cv::COLOR_YUV2BGR_I420);
    video.frames.push_back(bgr);
  }
  return video;
}

}  // namespace fakecam::test
