#pragma once

namespace fakecam::media {

// The cv::Mat layouts decoded frames come out in.
enum class PixelLayout {
  bgr,   // CV_8UC3
  bgra,  // CV_8UC4; opaque (255) where the file has no alpha
};

}  // namespace fakecam::media
