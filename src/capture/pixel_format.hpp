#pragma once
// V4L2 pixel formats (FourCC codes) that fakecam can turn into BGR frames.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fakecam::capture {

using FourCC = std::uint32_t;

constexpr FourCC make_fourcc(char a, char b, char c, char d) {
  return static_cast<FourCC>(static_cast<unsigned char>(a)) | (static_cast<FourCC>(static_cast<unsigned char>(b)) << 8) |
         (static_cast<FourCC>(static_cast<unsigned char>(c)) << 16) |
         (static_cast<FourCC>(static_cast<unsigned char>(d)) << 24);
}

// The codes match <linux/videodev2.h>; spelled out here so that mode selection
// and conversions do not depend on kernel headers.
inline constexpr FourCC kMjpeg = make_fourcc('M', 'J', 'P', 'G');
inline constexpr FourCC kJpeg = make_fourcc('J', 'P', 'E', 'G');  // same bitstream, older drivers
inline constexpr FourCC kYuyv = make_fourcc('Y', 'U', 'Y', 'V');
inline constexpr FourCC kUyvy = make_fourcc('U', 'Y', 'V', 'Y');
inline constexpr FourCC kNv12 = make_fourcc('N', 'V', '1', '2');
inline constexpr FourCC kBgr24 = make_fourcc('B', 'G', 'R', '3');

// "MJPG", "YUYV"; unprintable bytes become '?'.
std::string fourcc_text(FourCC code);

// Where a format ranks when the user did not ask for one: 0 is best. MJPEG
// first (a USB 2 webcam only reaches 720p30 and above compressed), then the
// raw formats by how common they are on webcams. nullopt: fakecam cannot
// convert this format.
std::optional<int> format_rank(FourCC code);

// The formats fakecam converts, best first, as text ("MJPG, YUYV, ...").
std::string supported_formats_text();

// A user's --codec value: "auto" (nullopt) or a FourCC fakecam converts
// ("MJPG"/"MJPEG", "YUYV"/"YUY2", "UYVY", "NV12", "BGR3"); case-insensitive.
// Throws Error for anything else.
std::optional<FourCC> parse_pixel_format(std::string_view text);

inline bool is_jpeg(FourCC code) { return code == kMjpeg || code == kJpeg; }

}  // namespace fakecam::capture
