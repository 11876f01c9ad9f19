// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// FFmpeg prints its own warnings to stderr ("moov atom not found", "Invalid
// PNG signature"); fakecam reports a bad file in one line of its own instead.
// FFmpeg's messages go to spdlog at debug level (fakecam -vv shows them).

#include <cstdarg>
#include <optional>

#include <opencv2/core.hpp>

namespace fakecam::media {

// The callback for av_log_set_callback, which ffmpeg() installs when it
// loads the libraries (so no caller has to).
void ffmpeg_log_callback(void* object, int level, const char* format, va_list args);

// The size of the last picture FFmpeg refused on this thread for its size
// ("Picture size WxH is invalid / exceeds the max pixel count", FFmpeg's one
// report of it): a decoder refusing a huge picture says no more than
// "invalid data". Cleared by forget_refused_picture_size().
std::optional<cv::Size> refused_picture_size();
void forget_refused_picture_size();

}  // namespace fakecam::media
