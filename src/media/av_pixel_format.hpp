// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The FFmpeg edge of fakecam's pixel formats (common/pixel_format.hpp): each
// PixelFormat's AVPixelFormat, and back.

#include <optional>

extern "C" {
#include <libavutil/pixfmt.h>
}

#include "common/pixel_format.hpp"

namespace fakecam::media {

// AV_PIX_FMT_YUYV422, _YUV420P, _BGR24, _BGR0 (B,G,R,x), ...; AV_PIX_FMT_NONE
// for MJPEG and JPEG, which are codecs to FFmpeg, not pixel formats.
AVPixelFormat to_av_pixel_format(PixelFormat format);
// nullopt for the many FFmpeg formats fakecam has no PixelFormat for.
std::optional<PixelFormat> from_av_pixel_format(AVPixelFormat format);

}  // namespace fakecam::media
