// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/ffmpeg_log.hpp"

#include <algorithm>
#include <cstdarg>
#include <string_view>

#include "common/log.hpp"
#include "media/ffmpeg_api.hpp"

namespace fakecam::media {
namespace {

thread_local std::optional<cv::Size> refused_size;

// av_image_check_size2's message, the one place that names a refused size.
void note_refused_size(const char* format, va_list args) {
  if (!std::string_view(format).starts_with("Picture size %ux%u ")) return;
  va_list copy;
  va_copy(copy, args);
  const unsigned width = va_arg(copy, unsigned);
  const unsigned height = va_arg(copy, unsigned);
  va_end(copy);
  refused_size = cv::Size(static_cast<int>(std::min(width, 1u << 30)), static_cast<int>(std::min(height, 1u << 30)));
}

}  // namespace

void ffmpeg_log_callback(void* object, int level, const char* format, va_list args) {
  if (level <= AV_LOG_ERROR && format != nullptr) note_refused_size(format, args);
  // Informational chatter (stream details, per-packet debug) is never wanted.
  if (level > AV_LOG_WARNING || !spdlog::should_log(spdlog::level::debug)) return;
  thread_local int print_prefix = 1;
  char line[1024];
  if (ffmpeg().av_log_format_line2(object, level, format, args, line, sizeof line, &print_prefix) < 0) return;
  std::string_view text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (!text.empty()) spdlog::debug("ffmpeg: {}", text);
}

std::optional<cv::Size> refused_picture_size() { return refused_size; }
void forget_refused_picture_size() { refused_size.reset(); }

}  // namespace fakecam::media
