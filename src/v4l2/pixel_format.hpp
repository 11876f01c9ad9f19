// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The V4L2 edge of fakecam's pixel formats (common/pixel_format.hpp): each
// PixelFormat's V4L2 fourcc, and back.

#include <cstdint>
#include <optional>
#include <string>

#include "common/pixel_format.hpp"

namespace fakecam::v4l2 {

// V4L2_PIX_FMT_MJPEG, _YUYV, _YUV420, _BGR24, _XBGR32 (B,G,R,x), ...
std::uint32_t to_fourcc(PixelFormat format);
// nullopt for a fourcc fakecam has no PixelFormat for (H264, GREY, ...).
std::optional<PixelFormat> from_fourcc(std::uint32_t fourcc);

// The fourcc's letters, as V4L2 tools print them: "MJPG", "YU12", "BGR3".
std::string fourcc_name(PixelFormat format);

}  // namespace fakecam::v4l2
