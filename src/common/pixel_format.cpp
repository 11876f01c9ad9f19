// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/pixel_format.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/error.hpp"

namespace fakecam {

namespace {

struct Entry {
  PixelFormat format;
  std::string_view name;
  std::array<std::string_view, 3> aliases;  // upper case; empty slots unused
};

// The one name table.
constexpr std::array<Entry, 10> kTable = {{
    {PixelFormat::mjpeg, "MJPG", {"MJPEG"}},
    {PixelFormat::jpeg, "JPEG", {}},
    {PixelFormat::yuyv, "YUYV", {"YUY2"}},
    {PixelFormat::uyvy, "UYVY", {}},
    {PixelFormat::nv12, "NV12", {}},
    {PixelFormat::i420, "I420", {"YU12", "YUV420", "YUV420P"}},
    {PixelFormat::bgr24, "BGR24", {"BGR3", "BGR"}},
    {PixelFormat::rgb24, "RGB24", {"RGB3", "RGB"}},
    {PixelFormat::bgrx, "BGRx", {"BGR4"}},
    {PixelFormat::bgra, "BGRA", {}},
}};

constexpr std::array<PixelFormat, kTable.size()> all_formats() {
  std::array<PixelFormat, kTable.size()> list{};
  for (std::size_t i = 0; i < kTable.size(); ++i) list[i] = kTable[i].format;
  return list;
}

constexpr auto kAll = all_formats();

bool same_letters(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::span<const PixelFormat> all_pixel_formats() { return kAll; }

std::string_view pixel_format_name(PixelFormat format) {
  for (const Entry& e : kTable) {
    if (e.format == format) return e.name;
  }
  return "?";
}

std::optional<PixelFormat> find_pixel_format(std::string_view name) {
  if (name.empty()) return std::nullopt;
  for (const Entry& e : kTable) {
    if (same_letters(name, e.name)) return e.format;
    for (const std::string_view alias : e.aliases) {
      if (!alias.empty() && same_letters(name, alias)) return e.format;
    }
  }
  return std::nullopt;
}

PixelFormat parse_pixel_format(std::string_view name) {
  if (const auto format = find_pixel_format(name)) return *format;
  fail("unknown pixel format '{}': use one of {}", name, pixel_format_list(kAll));
}

std::string pixel_format_list(std::span<const PixelFormat> formats) {
  std::string text;
  for (const PixelFormat f : formats) {
    if (!text.empty()) text += ", ";
    text += pixel_format_name(f);
  }
  return text;
}

}  // namespace fakecam
