// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Capture sizes for --framing auto: the crop is taken from the full capture,
// so the webcam is asked for 1.5x the output (1080p for a 720p output) and a
// 1.5x zoom loses nothing; the output keeps the size asked for (-W/-H).

#include <string>

#include <opencv2/core.hpp>

namespace fakecam::app {

// What to ask the webcam for, for an output of `output` size (even sides).
cv::Size framing_capture_request(cv::Size output);

// The output for a capture of `capture` size when `wanted` was asked for: the
// capture's aspect, inside `wanted`, never larger than the capture (a small
// webcam is not upscaled), even sides.
cv::Size framed_output_size(cv::Size capture, cv::Size wanted);

// One line for the log: the capture, the output and how far framing zooms
// before it has to upscale.
std::string framing_capture_note(cv::Size capture, cv::Size output);

}  // namespace fakecam::app
