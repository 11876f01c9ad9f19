// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the preview window's keys ask of the running fakecam, and the state
// it shows in its corner, read from `status` replies. Kept apart from the
// window so that it is tested without a display.

#include <optional>
#include <string>

namespace fakecam::app::preview {

// What the window knows about the camera (from the last `status` reply).
struct CameraState {
  std::string fps;         // "30.0"
  std::string background;  // "blur 50", "image", "none", "colour #00ff00"
  std::string image;       // the background image fakecam knows, if any
};

CameraState parse_status(const std::string& status_reply);

// The request 'b' sends: blur -> image -> none -> blur (a colour, or any
// other background, goes to blur; image is skipped when fakecam knows none).
std::string next_background_request(const CameraState& state);

// The toggles f (framing) and l (light): the request that turns the feature
// on or off.
std::string toggle_request(const char* verb, bool on);

// One short line for the window about a reply to a key's request:
// "background blur", or what went wrong ("this fakecam has no 'framing'
// request" for a verb it does not know).
std::string describe_reply(const std::string& request, bool ok, const std::string& text);

// The corner text: "30.0 fps | blur 50 | b f l q".
std::string corner_text(const CameraState& state);

}  // namespace fakecam::app::preview
