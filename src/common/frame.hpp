// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A video frame as it travels capture -> segment -> compose -> output.

#include <chrono>
#include <cstdint>

#include <opencv2/core.hpp>

#include "common/yuv_image.hpp"

namespace fakecam {

using Clock = std::chrono::steady_clock;

struct Frame {
  // Exactly one of the two holds the picture: `yuv` when the stages it goes
  // through all work on YUV (the fast path, see yuv_image.hpp), `image`
  // otherwise.
  cv::Mat image;                 // CV_8UC3, BGR (OpenCV's order), continuous
  Clock::time_point captured{};  // when capture handed it over (for latency)
  std::uint64_t sequence = 0;    // increases by one per captured frame
  YuvImage yuv;                  // I420, BT.601 limited range

  bool empty() const { return image.empty() && yuv.empty(); }
  cv::Size size() const { return yuv.empty() ? image.size() : yuv.size(); }
};

}  // namespace fakecam
