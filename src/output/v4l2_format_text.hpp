#pragma once
// Small text helpers for V4L2 values in messages.

#include <cstdint>
#include <string>

#include <linux/videodev2.h>

namespace fakecam::output {

// "YUYV", "RGB3"; unprintable bytes become '?'.
std::string fourcc_text(std::uint32_t fourcc);

// "30", "29.97", "15/2" style frame rate from a time-per-frame fraction;
// "?" when the fraction is empty.
std::string rate_text(const v4l2_fract& time_per_frame);

}  // namespace fakecam::output
