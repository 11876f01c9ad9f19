// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The running fakecam's side of the control socket (protocol in
// control_socket.hpp). The event loop serves every client: a client that is
// slow to send or read, or idle, never delays another; one idle for longer
// than the idle timeout is disconnected.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <list>
#include <string>

#include "app/control/control_socket.hpp"
#include "common/event_loop.hpp"
#include "common/unique_fd.hpp"

namespace fakecam::app {

struct ControlServerOptions {
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(30);
  // More clients than this at once are told so and disconnected.
  std::size_t max_clients = 16;
};

class ControlServer {
 public:
  // Called on the loop's thread, one request at a time.
  using Handler = std::function<ControlReply(const std::string& request)>;

  // Creates the socket (and its private directory) and serves it on `loop`.
  // Throws Error naming the path when another fakecam already listens there
  // or it cannot be made.
  ControlServer(EventLoop& loop, std::filesystem::path path, Handler handler, ControlServerOptions options = {});
  ~ControlServer();  // stops serving and removes the socket file
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  const std::filesystem::path& path() const { return path_; }

  struct Client;  // one connection (control_server.cpp)

 private:
  void accept_clients();
  void serve_client(Client& client, short revents);
  void drop_idle_clients();
  void arm_idle_timer();

  EventLoop& loop_;
  std::filesystem::path path_;
  Handler handler_;
  ControlServerOptions options_;
  UniqueFd listen_fd_;
  std::list<Client> clients_;
  EventLoop::Watch listen_watch_;
  EventLoop::Timer idle_timer_;
};

}  // namespace fakecam::app
