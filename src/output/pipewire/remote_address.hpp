// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where libpipewire looks for the daemon, worked out the way it does, so a
// failed connection can be reported with the socket path and the variable
// that chose it.
//
// libpipewire 0.3 connects to remote.name (our `remote` option), else
// $PIPEWIRE_REMOTE, else "pipewire-0"; a name that is not an absolute path is
// looked up in $PIPEWIRE_RUNTIME_DIR, else $XDG_RUNTIME_DIR.

#include <functional>
#include <optional>
#include <string>

namespace fakecam::output::pipewire {

// getenv, or a fake in tests.
using EnvLookup = std::function<const char*(const char*)>;
EnvLookup process_env();

struct RemoteAddress {
  // The socket, or nullopt when no runtime directory is set.
  std::optional<std::string> socket_path;
  // How it was chosen, e.g. "XDG_RUNTIME_DIR" or "PIPEWIRE_REMOTE".
  std::string chosen_by;
};

RemoteAddress resolve_remote(const std::string& remote, const EnvLookup& env);

// The one-line error for a connection that failed with `err` (errno), e.g.
// "PipeWire: cannot connect to the daemon at /run/user/1000/pipewire-0 (from
// XDG_RUNTIME_DIR): no such socket; start PipeWire (systemctl --user start
// pipewire wireplumber) or point PIPEWIRE_REMOTE or XDG_RUNTIME_DIR at its
// socket".
std::string connect_error_message(const RemoteAddress& address, int err);

}  // namespace fakecam::output::pipewire
