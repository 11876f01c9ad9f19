// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// V4L2 format values: fourcc codes as text, and frame rates to and from the
// time-per-frame fractions V4L2 uses.

#include <cstdint>
#include <string>

#include <linux/videodev2.h>

namespace fakecam::v4l2 {

// "MJPG", "YUYV"; unprintable bytes become '?'. V4L2 pads short codes with
// spaces ("Y10 "); the padding is dropped ("Y10").
std::string fourcc_text(std::uint32_t fourcc);

// "30", "29.97" style frame rate from a time-per-frame fraction; "?" when
// the fraction is empty.
std::string rate_text(const v4l2_fract& time_per_frame);

// Frames per second for a time-per-frame; 0 when the numerator is 0.
double frame_rate(const v4l2_fract& time_per_frame);

// The time-per-frame to ask for: whole rates exactly (1/30), others such as
// 29.97 to a thousandth (1000/29970).
v4l2_fract frame_interval(double fps);

}  // namespace fakecam::v4l2
