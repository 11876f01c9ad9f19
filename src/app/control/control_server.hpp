#pragma once
// The running fakecam's side of the control socket (protocol in
// control_socket.hpp). One thread serves every client with poll(): a client
// that is slow to send or read, or idle, never delays another; one idle for
// longer than the idle timeout is disconnected.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "app/control/control_socket.hpp"
#include "common/unique_fd.hpp"

namespace fakecam::app {

struct ControlServerOptions {
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(30);
  // More clients than this at once are told so and disconnected.
  std::size_t max_clients = 16;
};

class ControlServer {
 public:
  // Called on the server thread, one request at a time.
  using Handler = std::function<ControlReply(const std::string& request)>;

  // Creates the socket (and its private directory). Throws Error naming the
  // path when another fakecam already listens there or it cannot be made.
  ControlServer(std::filesystem::path path, Handler handler, ControlServerOptions options = {});
  ~ControlServer();  // stops serving and removes the socket file
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  void loop();

  std::filesystem::path path_;
  Handler handler_;
  ControlServerOptions options_;
  UniqueFd listen_fd_;
  UniqueFd wake_fd_;
  std::thread thread_;
};

}  // namespace fakecam::app
