// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/preview/preview_keys.hpp"

#include <fmt/format.h>

#include <sstream>

namespace fakecam::app::preview {

namespace {

// The value after "key: " on a line of its own, or "".
std::string field(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + ": ", 0) == 0) return line.substr(key.size() + 2);
  }
  return "";
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

CameraState parse_status(const std::string& status_reply) {
  return {field(status_reply, "output fps"), field(status_reply, "background"),
          field(status_reply, "background image")};
}

std::string next_background_request(const CameraState& state) {
  if (starts_with(state.background, "blur")) {
    // A file name with spaces cannot be one word of a request.
    if (!state.image.empty() && state.image.find_first_of(" \t") == std::string::npos)
      return "background " + state.image;
    return "background none";
  }
  if (state.background == "image") return "background none";
  return "background blur";
}

std::string toggle_request(const char* verb, bool on) { return fmt::format("{} {}", verb, on ? "on" : "off"); }

std::string describe_reply(const std::string& request, bool ok, const std::string& text) {
  if (ok) return request;
  const std::string verb = request.substr(0, request.find(' '));
  if (starts_with(text, "unknown request")) return fmt::format("this fakecam has no '{}' request", verb);
  return text.substr(0, text.find('\n'));
}

std::string corner_text(const CameraState& state) {
  std::string out = state.fps.empty() ? "? fps" : state.fps + " fps";
  if (!state.background.empty()) out += " | " + state.background;
  return out + " | keys: b f l q";
}

}  // namespace fakecam::app::preview
