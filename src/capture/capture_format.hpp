// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pixel formats a webcam may deliver that fakecam turns into BGR frames,
// in the order it prefers them, and the --codec value that picks one.

#include <optional>
#include <string>
#include <string_view>

#include "common/pixel_format.hpp"

namespace fakecam::capture {

// Where a format ranks when the user did not ask for one: 0 is best. MJPEG
// first (a USB 2 webcam only reaches 720p30 and above compressed), then the
// raw formats by how common they are on webcams. nullopt: fakecam cannot
// convert this format from a webcam.
std::optional<int> format_rank(PixelFormat format);

// The formats fakecam converts, best first, by their V4L2 fourcc letters
// ("MJPG, JPEG, YUYV, NV12, UYVY, BGR3").
std::string supported_formats_text();

// A user's --codec value: "auto" (nullopt) or a format fakecam converts
// ("MJPG"/"MJPEG", "YUYV"/"YUY2", "UYVY", "NV12", "BGR3"); case-insensitive.
// Throws Error for anything else.
std::optional<PixelFormat> parse_capture_format(std::string_view text);

inline bool is_jpeg(PixelFormat format) { return format == PixelFormat::mjpeg || format == PixelFormat::jpeg; }

}  // namespace fakecam::capture
