// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The capture modes a webcam offers, from the V4L2 size and frame-interval
// enumerations, for choose_mode() (capture_mode.hpp) to pick from.

#include <vector>

#include "capture/capture_mode.hpp"
#include "v4l2/capture_device.hpp"

namespace fakecam::capture {

// Every (size, rate) the driver lists for `format`. Sizes and rates
// given as ranges contribute the value nearest to the request.
std::vector<CaptureMode> device_modes(const v4l2::CaptureDevice& device, PixelFormat format,
                                      const ModeRequest& request);

}  // namespace fakecam::capture
