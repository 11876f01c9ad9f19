// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/ffmpeg_api.hpp"

#include <string>

extern "C" {
#include <libavcodec/version.h>
#include <libavformat/version.h>
#include <libavutil/version.h>
#include <libswscale/version.h>
}

#include "common/shared_library.hpp"
#include "media/ffmpeg_log.hpp"

namespace fakecam::media {
namespace {

// The sonames of the major versions the headers describe: a library of
// another major version has another ABI, and is refused by name.
#define FAKECAM_SONAME(name, major) "lib" #name ".so." AV_STRINGIFY(major)
constexpr const char* kAvutil = FAKECAM_SONAME(avutil, LIBAVUTIL_VERSION_MAJOR);
constexpr const char* kSwscale = FAKECAM_SONAME(swscale, LIBSWSCALE_VERSION_MAJOR);
constexpr const char* kAvcodec = FAKECAM_SONAME(avcodec, LIBAVCODEC_VERSION_MAJOR);
constexpr const char* kAvformat = FAKECAM_SONAME(avformat, LIBAVFORMAT_VERSION_MAJOR);
#undef FAKECAM_SONAME

FfmpegApi load() {
  const std::string purpose = "FFmpeg, which reads image and video files";
  const struct {
    SharedLibrary avutil, swscale, avcodec, avformat;
  } libraries{{kAvutil, purpose}, {kSwscale, purpose}, {kAvcodec, purpose}, {kAvformat, purpose}};
  FfmpegApi api;
#define FAKECAM_FFMPEG_RESOLVE(library, name) libraries.library.resolve(#name, api.name);
  FAKECAM_FFMPEG_FUNCTIONS(FAKECAM_FFMPEG_RESOLVE)
#undef FAKECAM_FFMPEG_RESOLVE
  api.av_log_set_callback(ffmpeg_log_callback);
  return api;
}

}  // namespace

const FfmpegApi& ffmpeg() {
  // A static's initialisation is thread-safe, and tried again after a throw.
  static const FfmpegApi api = load();
  return api;
}

}  // namespace fakecam::media
