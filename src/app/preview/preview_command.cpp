// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/preview/preview_command.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>

#include "app/control/control_socket.hpp"
#include "app/preview/frame_ring.hpp"
#include "app/preview/preview_window.hpp"
#include "common/error.hpp"

namespace fakecam::app::preview {

void add_preview_command(CLI::App& app, PreviewOptions& options) {
  auto* cmd = app.add_subcommand("preview",
                                 "Show what the running fakecam sends, in a window (keys: b background, f framing, "
                                 "l light, q close the preview)");
  cmd->add_option("--socket", options.socket, "The running fakecam's control socket (default: the only one running)");
}

int run_preview(const PreviewOptions& options) {
  const auto path = options.socket.empty() ? find_control_socket() : std::filesystem::path(options.socket);
  ControlReply reply = ControlConnection(path).request("preview");
  if (!reply.ok) fail("{}: {}", path.string(), reply.text);
  if (reply.fds.size() != 2)
    fail("{}: the preview reply carries no frame ring (not a fakecam of this version?)", path.string());
  const std::string what = path.string();
  const FrameRingReader ring(std::move(*reply.fds[0]), what.c_str());
  // Key and status requests each use a connection of their own: an idle
  // connection would be dropped by fakecam after 30 s.
  const PreviewLink link{ring, reply.fds[1]->get(),
                         [&path](const std::string& request) { return send_control_request(path, request); },
                         "fakecam preview: " + path.filename().string()};
  return show_preview(link);
}

}  // namespace fakecam::app::preview
