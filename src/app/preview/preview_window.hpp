// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The preview window itself (SDL2): shows the newest frame of the ring each
// time fakecam signals one, the camera's state in the top-left corner, and
// turns keys into control requests:
//   b  background: blur -> image -> none -> blur
//   f  framing on/off        l  light on/off
//   q  (or Esc, or closing the window) closes the preview; fakecam goes on.

#include <functional>
#include <string>

#include "app/control/control_socket.hpp"
#include "app/preview/frame_ring.hpp"
#include "common/unique_fd.hpp"

namespace fakecam::app::preview {

struct PreviewLink {
  const FrameRingReader& ring;
  int signal_fd;  // one byte per new frame; hangs up when fakecam goes
  // Sends one control request to the running fakecam.
  std::function<ControlReply(const std::string&)> request;
  std::string title;
};

// Runs until the user closes the window (returns 0) or fakecam goes away
// (says so, returns 0). Throws Error when no window can be opened.
int show_preview(const PreviewLink& link);

}  // namespace fakecam::app::preview
