// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `fakecam ctl` talks to a running fakecam over a UNIX socket in
// $XDG_RUNTIME_DIR (mode 0600, in a 0700 directory): nothing listens on the
// network, and only the user who runs fakecam can control it.
//
// The protocol: a client sends request lines ("background file=/x/beach.jpg")
// and gets one reply per line, in order, on the same connection. A reply is
// "ok[ text]" or "error text"; a multi-line reply puts each line after
// "ok\n". Every reply ends with an empty line. The server (control_server.hpp)
// closes the connection when the client shuts down its side, so a client may
// also send one line, shut down writing and read to the end.

#include <sys/un.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

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
// control_socket_dir(). Throws Error listing them when there are several,
// saying that no fakecam runs, or that the directory or socket belongs to
// another user.
std::filesystem::path find_control_socket();

// Why connecting to `path` failed with `err` (an errno value), as one line:
// nothing listens, a stale socket, or another user's socket or directory.
std::string connect_failure(const std::filesystem::path& path, int err);

// The socket address of `path`; throws Error when the path is too long.
sockaddr_un unix_address(const std::filesystem::path& path);

// Whether a server accepts connections at `path` now.
bool control_socket_is_live(const std::filesystem::path& path);

struct ControlReply {
  ControlReply() = default;
  ControlReply(bool is_ok, std::string reply_text) : ok(is_ok), text(std::move(reply_text)) {}

  bool ok = true;
  std::string text;
  // Descriptors passed with the reply (SCM_RIGHTS), e.g. the frame ring of
  // `preview`; the server closes its copies once they are sent.
  std::vector<std::shared_ptr<UniqueFd>> fds;
};

// The wire form of a reply, empty line included.
std::string encode_reply(const ControlReply& reply);

// A connection to a running fakecam; requests are answered in order.
class ControlConnection {
 public:
  // Throws Error (connect_failure) when it cannot connect.
  explicit ControlConnection(std::filesystem::path path);
  // Sends one request line and waits for its reply. Throws Error naming the
  // socket when the connection breaks or no reply comes within `timeout`.
  ControlReply request(const std::string& line, std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  std::filesystem::path path_;
  UniqueFd fd_;
  std::string received_;                                 // bytes read past the last reply
  std::vector<std::shared_ptr<UniqueFd>> received_fds_;  // passed with the reply being read
};

// Connects, sends one request and returns the reply.
ControlReply send_control_request(const std::filesystem::path& path, const std::string& request);

// Sends the first byte of `data` with `fds` attached (SCM_RIGHTS); returns
// how many bytes went (0 or 1), or -1 with errno set.
long send_with_fds(int fd, const std::string& data, const std::vector<std::shared_ptr<UniqueFd>>& fds);

// Writes all of `data` to a socket (retrying on EINTR, never raising
// SIGPIPE); false when the peer is gone.
bool send_all(int fd, const std::string& data);

}  // namespace fakecam::app
