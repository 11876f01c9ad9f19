#include "capture/pixel_format.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/error.hpp"

namespace fakecam::capture {

namespace {

constexpr std::array kRanked = {kMjpeg, kJpeg, kYuyv, kNv12, kUyvy, kBgr24};

}  // namespace

std::string fourcc_text(FourCC code) {
  std::string text(4, '?');
  for (int i = 0; i < 4; ++i) {
    const auto c = static_cast<unsigned char>((code >> (8 * i)) & 0xffU);
    if (std::isprint(c) != 0) text[static_cast<std::size_t>(i)] = static_cast<char>(c);
  }
  // V4L2 pads short codes with spaces ("BGR3" is four letters, "Y8  " is not).
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::optional<int> format_rank(FourCC code) {
  const auto* it = std::find(kRanked.begin(), kRanked.end(), code);
  if (it == kRanked.end()) return std::nullopt;
  return static_cast<int>(it - kRanked.begin());
}

std::string supported_formats_text() {
  std::string text;
  for (const FourCC code : kRanked) {
    if (!text.empty()) text += ", ";
    text += fourcc_text(code);
  }
  return text;
}

std::optional<FourCC> parse_pixel_format(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper == "AUTO") return std::nullopt;
  if (upper == "MJPG" || upper == "MJPEG") return kMjpeg;
  if (upper == "JPEG") return kJpeg;
  if (upper == "YUYV" || upper == "YUY2") return kYuyv;
  if (upper == "UYVY") return kUyvy;
  if (upper == "NV12") return kNv12;
  if (upper == "BGR3" || upper == "BGR24") return kBgr24;
  fail("unknown pixel format '{}': use auto, MJPG, YUYV, NV12, UYVY or BGR3", text);
}

}  // namespace fakecam::capture
