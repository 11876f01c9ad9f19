#pragma once
// `fakecam ctl` talks to a running fakecam over a UNIX socket in
// $XDG_RUNTIME_DIR (mode 0600, in a 0700 directory): nothing listens on the
// network, and only the user who runs fakecam can control it.
//
// The protocol is one request line ("background file=beach.jpg") and one
// reply: "ok[ text]" or "error text", then the server closes the connection.
// Multi-line replies (status) put each line after "ok\n".

#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "common/unique_fd.hpp"

namespace fakecam::app {

// $XDG_RUNTIME_DIR/fakecam, or /tmp/fakecam-UID when XDG_RUNTIME_DIR is not
// set: where running fakecams put their control sockets.
std::filesystem::path control_socket_dir();

// The socket of a fakecam writing to `output` (a device path or a file):
// <dir>/<device name>.sock, e.g. video10.sock, so several fakecams (one per
// virtual camera) each have their own.
std::filesystem::path control_socket_for(const std::string& output);

// The socket `fakecam ctl` talks to when none is named: the only live one in
// control_socket_dir(). Throws Error listing them when there are several, or
// saying that no fakecam runs.
std::filesystem::path find_control_socket();

struct ControlReply {
  bool ok = true;
  std::string text;
};

class ControlServer {
 public:
  using Handler = std::function<ControlReply(const std::string& request)>;

  // Creates the socket (and its private directory). Throws Error naming the
  // path when another fakecam already listens there or it cannot be made.
  ControlServer(std::filesystem::path path, Handler handler);
  ~ControlServer();  // stops serving and removes the socket file
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  void loop();
  void serve(int client);

  std::filesystem::path path_;
  Handler handler_;
  UniqueFd listen_fd_;
  UniqueFd wake_fd_;
  std::thread thread_;
};

// Sends one request and returns the reply. Throws Error naming the socket
// when no fakecam listens there.
ControlReply send_control_request(const std::filesystem::path& path, const std::string& request);

}  // namespace fakecam::app
