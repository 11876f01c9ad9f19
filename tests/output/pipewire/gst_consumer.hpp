// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A real PipeWire consumer for tests: GStreamer's pipewiresrc (Debian
// gstreamer1.0-pipewire) reading a node, as OBS or a browser would, and
// returning the frames it got (as raw BGR; the file is removed after reading).
//
//   gst-launch-1.0 -q pipewiresrc target-object=<node> num-buffers=<n>
//     ! video/x-raw,format=<format> ! videoconvert
//     ! video/x-raw,format=BGR ! filesink location=<out>
//
// Run it inside a PrivatePipeWire (the environment points gst at it).

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "support/run_command.hpp"

namespace fakecam::test {

struct GstCapture {
  CommandResult run;            // gst-launch's exit code and output
  std::vector<cv::Mat> frames;  // CV_8UC3 BGR, `size` each
  std::size_t file_bytes = 0;   // what filesink wrote (frames * w * h * 3 if whole)
};

// `target`: node name or object.serial. `format`: the PipeWire/GStreamer
// format name to ask for ("YUY2", "I420", "NV12", "RGB", "BGR", "BGRx"), or
// "" to take whatever the node prefers. `size.width` must be a multiple of 4
// (GStreamer pads BGR rows to 4 bytes). Waits at most `timeout_s`.
GstCapture capture_with_gst(const std::string& target, const std::string& format, int frames, cv::Size size,
                            const std::filesystem::path& out, int timeout_s = 60);

}  // namespace fakecam::test
