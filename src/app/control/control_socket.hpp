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

// $XDG_RUNTIME_DIR/fakecam/control.sock, or /tmp/fakecam-UID/control.sock
// when XDG_RUNTIME_DIR is not set.
std::filesystem::path default_control_socket();

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
