#include "media/ffmpeg_log.hpp"

#include <cstdarg>
#include <mutex>
#include <string_view>

extern "C" {
#include <libavutil/log.h>
}

#include "common/log.hpp"

namespace fakecam::media {
namespace {

void log_to_spdlog(void* object, int level, const char* format, va_list args) {
  // Informational chatter (stream details, per-packet debug) is never wanted.
  if (level > AV_LOG_WARNING || !spdlog::should_log(spdlog::level::debug)) return;
  thread_local int print_prefix = 1;
  char line[1024];
  if (av_log_format_line2(object, level, format, args, line, sizeof line, &print_prefix) < 0) return;
  std::string_view text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (!text.empty()) spdlog::debug("ffmpeg: {}", text);
}

}  // namespace

void route_ffmpeg_log_to_spdlog() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_callback(log_to_spdlog); });
}

}  // namespace fakecam::media
