// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What fakecam asks the webcam for, from the settings: the device, the size
// and rate (1.5x the output for --framing auto), the pixel format, and the
// size MJPEG frames are decoded at.

#include "app/settings.hpp"
#include "capture/frame_source.hpp"

namespace fakecam::app {

// Without framing, MJPEG frames larger than the output are decoded with DCT
// scaling to the smallest size still at least the output's (a 1920x1080
// webcam for a 960x540 output decodes at 960x540, for about a third of the
// cost): the pipeline scales every frame to the output anyway. Framing crops
// from the full capture, so it decodes at full size.
capture::WebcamOptions webcam_request(const Settings& s);

}  // namespace fakecam::app
