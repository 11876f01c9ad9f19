// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/pipewire/remote_address.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

#include "common/error.hpp"

namespace fakecam::output::pipewire {
namespace {

constexpr const char* kDefaultRemote = "pipewire-0";
constexpr const char* kHowToFix =
    "start PipeWire (systemctl --user start pipewire wireplumber) or point PIPEWIRE_REMOTE or XDG_RUNTIME_DIR at "
    "its socket";

bool set(const char* value) { return value != nullptr && value[0] != '\0'; }

}  // namespace

EnvLookup process_env() {
  return [](const char* name) { return static_cast<const char*>(std::getenv(name)); };
}

RemoteAddress resolve_remote(const std::string& remote, const EnvLookup& env) {
  std::string name = remote;
  std::string chosen_by = "the configured remote name";
  if (name.empty()) {
    if (const char* v = env("PIPEWIRE_REMOTE"); set(v)) {
      name = v;
      chosen_by = "PIPEWIRE_REMOTE";
    } else {
      name = kDefaultRemote;
      chosen_by.clear();
    }
  }
  if (name.front() == '/') return {name, chosen_by};
  const char* dir_var = "PIPEWIRE_RUNTIME_DIR";
  const char* dir = env(dir_var);
  if (!set(dir)) {
    dir_var = "XDG_RUNTIME_DIR";
    dir = env(dir_var);
  }
  if (!set(dir)) return {std::nullopt, chosen_by};
  const std::string how = chosen_by.empty() ? dir_var : fmt::format("{} in {}", chosen_by, dir_var);
  return {fmt::format("{}/{}", dir, name), how};
}

std::string connect_error_message(const RemoteAddress& address, int err) {
  if (!address.socket_path) {
    return fmt::format(
        "PipeWire: cannot find the daemon: XDG_RUNTIME_DIR is not set (nor PIPEWIRE_RUNTIME_DIR or PIPEWIRE_REMOTE); "
        "run fakecam inside your desktop session, or set PIPEWIRE_REMOTE to the daemon's socket (usually "
        "/run/user/$UID/pipewire-0)");
  }
  std::string why;
  struct stat st {};
  if (::stat(address.socket_path->c_str(), &st) != 0) {
    why = "no such socket";
  } else if (!S_ISSOCK(st.st_mode)) {
    why = "not a socket";
  } else {
    // libpipewire reports most failures as EHOSTDOWN; a socket that exists
    // but refuses is a daemon that died without removing it.
    why = err == EACCES || err == EPERM ? "permission denied" : "nothing answers there (the daemon is not running)";
  }
  return fmt::format("PipeWire: cannot connect to the daemon at {} (from {}): {}; {}", *address.socket_path,
                     address.chosen_by, why, kHowToFix);
}

}  // namespace fakecam::output::pipewire
