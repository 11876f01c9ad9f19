// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/webcam_request.hpp"

#include "app/framing_capture.hpp"

namespace fakecam::app {

capture::WebcamOptions webcam_request(const Settings& s) {
  capture::WebcamOptions options;
  options.path = s.webcam_path;
  options.size = cv::Size(s.width, s.height);
  if (s.framing == "auto") {
    options.size = framing_capture_request(options.size);
  } else {
    options.decode_at_least = options.size;
  }
  options.fps = s.fps;
  // Frames stay in the camera's YUV to the output (issue 12); the pipeline
  // converts them to BGR only for framing and the effects that need it.
  options.yuv = true;
  if (s.codec != "auto") options.format = capture::parse_capture_format(s.codec);  // CLI-checked: MJPG or YUYV
  return options;
}

}  // namespace fakecam::app
