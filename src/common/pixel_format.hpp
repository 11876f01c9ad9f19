// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// fakecam's one pixel-format vocabulary: what webcams deliver, what virtual
// cameras take, and the layouts decoded frames come in. One name table and
// one parser; the external codes (V4L2 fourcc in v4l2/pixel_format.hpp, SPA
// video format in output/pipewire/video_formats.hpp, AVPixelFormat in
// media/av_pixel_format.hpp) are converted only at those edges.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace fakecam {

enum class PixelFormat {
  mjpeg,  // Motion-JPEG: what USB webcams send above 480p
  jpeg,   // the same bitstream under the name older drivers use
  yuyv,   // packed 4:2:2 (GStreamer/PipeWire: YUY2)
  uyvy,   // packed 4:2:2, chroma first
  nv12,   // 4:2:0: Y plane, then interleaved UV
  i420,   // 4:2:0 planar: Y, U, V (V4L2: YU12)
  bgr24,  // packed B,G,R: fakecam's own frames (OpenCV CV_8UC3)
  rgb24,  // packed R,G,B
  bgrx,   // packed B,G,R, unused byte
  bgra,   // packed B,G,R,A (OpenCV CV_8UC4)
};

// Every format, in declaration order.
std::span<const PixelFormat> all_pixel_formats();

// The canonical name: "MJPG", "JPEG", "YUYV", "UYVY", "NV12", "I420",
// "BGR24", "RGB24", "BGRx", "BGRA".
std::string_view pixel_format_name(PixelFormat format);

// A name or alias, any case: the canonical names, and "MJPEG", "YUY2",
// "YU12"/"YUV420"/"YUV420P", "BGR3"/"BGR", "RGB3"/"RGB". nullopt otherwise.
std::optional<PixelFormat> find_pixel_format(std::string_view name);

// find_pixel_format(), throwing Error "unknown pixel format 'X': use one of
// MJPG, JPEG, ..." for a name that is none of them.
PixelFormat parse_pixel_format(std::string_view name);

// "MJPG, YUYV, NV12" for a list, in its order.
std::string pixel_format_list(std::span<const PixelFormat> formats);

}  // namespace fakecam
