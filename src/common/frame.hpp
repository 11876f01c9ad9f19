// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A video frame as it travels capture -> segment -> compose -> output.

#include <chrono>
#include <cstdint>

#include <opencv2/core.hpp>

namespace fakecam {

using Clock = std::chrono::steady_clock;

struct Frame {
  cv::Mat image;                 // CV_8UC3, BGR (OpenCV's order), continuous
  Clock::time_point captured{};  // when capture handed it over (for latency)
  std::uint64_t sequence = 0;    // increases by one per captured frame
};

}  // namespace fakecam
