#pragma once
// `fakecam --check`: everything fakecam needs, checked before streaming, each
// problem on one line with the exact fix (the modprobe line, the video
// group, the right /dev/videoN). The same knowledge enriches start-up errors.

#include <string>
#include <vector>

namespace fakecam::app {

// Webcams (capture nodes that are not v4l2loopback or akvcam) found now, as
// "/dev/video0 ('Integrated Camera')", for error messages; "none" if none.
std::string webcam_candidates();

// Warnings about a v4l2loopback device that works but will disappoint, e.g.
// loaded without exclusive_caps=1 (Chrome then does not list it). Empty when
// all is well or `path` is not a loopback device. Call before fakecam
// becomes its producer (the caps change then).
std::vector<std::string> loopback_warnings(const std::string& path);

}  // namespace fakecam::app
