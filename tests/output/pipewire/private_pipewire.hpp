// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A private PipeWire session for one test: a session dbus-daemon, pipewire and
// wireplumber (all Debian 12 packages), started with their own
// XDG_RUNTIME_DIR so that nothing reaches the desktop's daemon, and killed
// when the fixture goes. No systemd is needed.
//
// While it lives, THIS process's environment points at it (XDG_RUNTIME_DIR,
// PIPEWIRE_RUNTIME_DIR, DBUS_SESSION_BUS_ADDRESS set; PIPEWIRE_REMOTE unset),
// so a sink opened in-process and any child started afterwards (gst-launch,
// the fakecam binary through run_command) use the private daemon. The old
// values come back on destruction.
//
//   fakecam::test::PrivatePipeWire pw("my_test");
//   auto sink = fakecam::output::open_pipewire(...);
//   auto r = fakecam::test::run_command({"/usr/bin/gst-launch-1.0", ...});
//
// Logs of the three daemons are kept in the scratch directory; failure
// messages include their tails (logs()).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fakecam::test {

class PrivatePipeWire {
 public:
  // Starts everything and waits until WirePlumber is ready to link nodes.
  // Throws std::runtime_error (with the logs) if that does not happen within
  // `ready_timeout`.
  explicit PrivatePipeWire(const std::string& name, std::chrono::seconds ready_timeout = std::chrono::seconds(30));
  ~PrivatePipeWire();
  PrivatePipeWire(const PrivatePipeWire&) = delete;
  PrivatePipeWire& operator=(const PrivatePipeWire&) = delete;

  const std::filesystem::path& runtime_dir() const { return runtime_dir_; }
  std::filesystem::path socket_path() const { return runtime_dir_ / "pipewire-0"; }
  // A scratch directory beside the runtime dir, for test outputs.
  const std::filesystem::path& work_dir() const { return work_dir_; }

  // Stops pipewire and wireplumber (the first half of a daemon restart).
  // SIGTERM: a clean exit that removes the socket. SIGKILL: a crash, which
  // leaves a dead socket behind. The session bus stays.
  void stop_daemon(int signal = 15 /* SIGTERM */);
  // Starts them again and waits until ready, as the constructor does.
  void start_daemon();
  bool daemon_running() const { return pipewire_pid_ > 0; }

  // `pw-cli ls <type>` output (e.g. "Node", "Link") from the private daemon.
  std::string list_objects(const std::string& type) const;
  // object.serial of the node called `node_name`, if it is registered.
  std::optional<std::string> node_serial(const std::string& node_name) const;

  // The last lines of the daemons' logs, for assertion messages.
  std::string logs() const;

 private:
  void wait_until_ready(std::chrono::seconds timeout);

  std::filesystem::path base_dir_;
  std::filesystem::path runtime_dir_;
  std::filesystem::path work_dir_;
  std::filesystem::path log_dir_;
  std::chrono::seconds ready_timeout_;
  pid_t dbus_pid_ = -1;
  pid_t pipewire_pid_ = -1;
  pid_t wireplumber_pid_ = -1;
  int restarts_ = 0;
  std::map<std::string, std::optional<std::string>> saved_env_;
};

}  // namespace fakecam::test
