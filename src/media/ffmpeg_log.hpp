#pragma once
// FFmpeg prints its own warnings to stderr ("moov atom not found", "Invalid
// PNG signature"); fakecam reports a bad file in one line of its own instead.
// FFmpeg's messages go to spdlog at debug level (fakecam -vv shows them).

namespace fakecam::media {

// Installs the redirection once per process; cheap to call again. Every
// entry point of the media layer calls it, so users need not.
void route_ffmpeg_log_to_spdlog();

}  // namespace fakecam::media
