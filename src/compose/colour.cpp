// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/colour.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "common/error.hpp"

namespace fakecam::compose {
namespace {

struct NamedColour {
  std::string_view name;
  std::uint8_t r, g, b;
};

// A short list of the colours people ask for; green and blue are the chroma
// key colours (for OBS keying), so they are the pure ones.
constexpr std::array kNamed{
    NamedColour{"black", 0, 0, 0},       NamedColour{"white", 255, 255, 255}, NamedColour{"gray", 128, 128, 128},
    NamedColour{"grey", 128, 128, 128},  NamedColour{"red", 255, 0, 0},       NamedColour{"green", 0, 255, 0},
    NamedColour{"blue", 0, 0, 255},      NamedColour{"yellow", 255, 255, 0},  NamedColour{"cyan", 0, 255, 255},
    NamedColour{"magenta", 255, 0, 255},
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool parse_hex(std::string_view hex, cv::Vec3b& out) {
  if (hex.size() != 6 && hex.size() != 3) return false;
  std::array<int, 6> d{};
  for (std::size_t i = 0; i < hex.size(); ++i) {
    d[i] = hex_digit(hex[i]);
    if (d[i] < 0) return false;
  }
  int r, g, b;
  if (hex.size() == 6) {
    r = d[0] * 16 + d[1];
    g = d[2] * 16 + d[3];
    b = d[4] * 16 + d[5];
  } else {  // #RGB means #RRGGBB
    r = d[0] * 17;
    g = d[1] * 17;
    b = d[2] * 17;
  }
  out = cv::Vec3b(static_cast<std::uint8_t>(b), static_cast<std::uint8_t>(g), static_cast<std::uint8_t>(r));
  return true;
}

bool parse_decimal_triplet(std::string_view text, cv::Vec3b& out) {
  std::array<int, 3> v{};
  std::size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    const char* begin = text.data() + pos;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, v[i]);
    if (ec != std::errc() || ptr == begin || v[i] < 0 || v[i] > 255) return false;
    pos = static_cast<std::size_t>(ptr - text.data());
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (i < 2) {
      if (pos >= text.size() || text[pos] != ',') return false;
      ++pos;
    }
  }
  if (pos != text.size()) return false;
  out = cv::Vec3b(static_cast<std::uint8_t>(v[2]), static_cast<std::uint8_t>(v[1]), static_cast<std::uint8_t>(v[0]));
  return true;
}

}  // namespace

std::string colour_names() {
  std::string names;
  for (const auto& c : kNamed) {
    if (!names.empty()) names += ", ";
    names += c.name;
  }
  return names;
}

cv::Vec3b parse_colour(std::string_view text) {
  cv::Vec3b bgr;
  if (!text.empty() && text.front() == '#' && parse_hex(text.substr(1), bgr)) return bgr;
  if (text.find(',') != std::string_view::npos && parse_decimal_triplet(text, bgr)) return bgr;
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& c : kNamed) {
    if (lower == c.name) return cv::Vec3b(c.b, c.g, c.r);
  }
  // Bare hex without '#' is accepted last so that names like "add" cannot be
  // mistaken for it (no name is 3 or 6 hex digits, but keep the order safe).
  if (parse_hex(text, bgr)) return bgr;
  fail("'{}': not a colour; use #RRGGBB, #RGB, R,G,B (0-255 each) or one of: {}", text, colour_names());
}

}  // namespace fakecam::compose
