// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/control/control_server.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <list>
#include <vector>

#include "common/error.hpp"

namespace fakecam::app {

using Clock = std::chrono::steady_clock;

struct ControlServer::Client {
  UniqueFd fd;
  std::string in;   // received, not yet a whole line
  std::string out;  // replies not yet sent
  Clock::time_point last_activity;
  bool input_done = false;  // the client shut down its side, or is refused
  EventLoop::Watch watch;   // after fd: removed before it is closed
  // Descriptors of replies (`preview`), sent with the byte at `at` in `out`.
  struct PendingFds {
    std::size_t at;
    std::vector<std::shared_ptr<UniqueFd>> fds;
  };
  std::deque<PendingFds> pending_fds{};
};

namespace {

using Client = ControlServer::Client;

constexpr std::size_t kMaxRequest = 4096;
// A client that sends requests without reading the replies is not read
// from while this much waits for it (and is dropped when idle too long).
constexpr std::size_t kMaxUnsent = 64 * 1024;

// Sends what the socket takes now; false when the client is gone.
bool flush(Client& c) {
  while (!c.out.empty()) {
    const bool with_fds = !c.pending_fds.empty() && c.pending_fds.front().at == 0;
    // Up to the next reply with descriptors: they go with its first byte.
    const std::size_t len = c.pending_fds.empty() || with_fds ? c.out.size() : c.pending_fds.front().at;
    const ssize_t n = with_fds ? send_with_fds(c.fd.get(), c.out, c.pending_fds.front().fds)
                               : ::send(c.fd.get(), c.out.data(), len, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (n <= 0) return false;
    if (with_fds) c.pending_fds.pop_front();
    for (auto& p : c.pending_fds) p.at -= static_cast<std::size_t>(n);
    c.out.erase(0, static_cast<std::size_t>(n));
    c.last_activity = Clock::now();
  }
  return true;
}

// "" when `client` may talk to us, else why not. Only this user's processes
// may (the 0600 file already says so; this also covers root, who passes
// any file mode, and a socket reached another way).
std::string refusal(int client) {
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(client, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return "cannot tell who is asking";
  if (cred.uid == ::getuid()) return "";
  return fmt::format("permission denied: this fakecam runs as uid {} and only that user may control it", ::getuid());
}

// Reads what `c` sent, answers each whole line in order and sends what the
// socket takes; false when the connection is done with (closed, finished,
// broken or idle too long).
bool serve(Client& c, short revents, const ControlServer::Handler& handler, std::chrono::milliseconds idle_timeout) {
  if (revents & (POLLIN | POLLHUP | POLLERR)) {
    char buf[4096];
    const ssize_t n = ::read(c.fd.get(), buf, sizeof buf);
    if (n > 0) {
      c.in.append(buf, static_cast<std::size_t>(n));
      c.last_activity = Clock::now();
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
      c.input_done = true;
      // A last request without its newline still counts.
      if (!c.in.empty() && c.in.find('\n') == std::string::npos) c.in += '\n';
    }
    // Each whole line is one request, answered in order.
    for (auto nl = c.in.find('\n'); nl != std::string::npos; nl = c.in.find('\n')) {
      std::string request = c.in.substr(0, nl);
      c.in.erase(0, nl + 1);
      if (!request.empty() && request.back() == '\r') request.pop_back();
      ControlReply reply;
      try {
        reply = handler(request);
      } catch (const Error& e) {
        reply = {false, e.what()};
      }
      if (!reply.fds.empty()) c.pending_fds.push_back({c.out.size(), std::move(reply.fds)});
      c.out += encode_reply(reply);
    }
    if (c.in.size() > kMaxRequest) {
      c.out += encode_reply({false, fmt::format("request too long (over {} bytes)", kMaxRequest)});
      c.in.clear();
      c.input_done = true;
    }
  }
  if (!flush(c)) return false;
  if (c.input_done && c.out.empty()) return false;
  return Clock::now() - c.last_activity < idle_timeout;  // idle: make room for others
}

}  // namespace

ControlServer::ControlServer(EventLoop& loop, std::filesystem::path path, Handler handler, ControlServerOptions options)
    : loop_(loop), path_(std::move(path)), handler_(std::move(handler)), options_(options) {
  const auto dir = path_.parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    fail("{}: cannot create the control socket directory", dir.string());
  if (st.st_uid != ::getuid())
    fail("{}: belongs to another user; refusing to put the control socket there", dir.string());
  ::chmod(dir.c_str(), 0700);
  if (std::filesystem::exists(path_, ec)) {
    if (control_socket_is_live(path_)) {
      fail("{}: another fakecam is running and listens there (use --control-socket for a second one)", path_.string());
    }
    std::filesystem::remove(path_, ec);  // left by a fakecam that did not exit cleanly
  }
  listen_fd_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!listen_fd_) fail("cannot make a socket: {}", errno_text(errno));
  const sockaddr_un addr = unix_address(path_);
  const mode_t old_mask = ::umask(0177);  // the socket file is created 0600
  const int bound = ::bind(listen_fd_.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  ::umask(old_mask);
  if (bound != 0) fail("{}: cannot create the control socket: {}", path_.string(), errno_text(errno));
  if (::listen(listen_fd_.get(), 16) != 0) fail("{}: cannot listen: {}", path_.string(), errno_text(errno));
  idle_timer_ = loop_.timer([this] { drop_idle_clients(); });
  listen_watch_ = loop_.watch(listen_fd_.get(), POLLIN, [this](short) { accept_clients(); });
}

ControlServer::~ControlServer() {
  // On the loop's thread: no callback runs past this, and none is changing
  // the client list while it goes.
  loop_.call([this] {
    listen_watch_.reset();
    idle_timer_.reset();
    clients_.clear();
  });
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

namespace {
// The events a client waits for: input unless it is done or too much waits
// for it to read, output while replies wait.
short wanted_events(const Client& c) {
  const bool want_input = !c.input_done && c.out.size() < kMaxUnsent;
  return static_cast<short>((want_input ? POLLIN : 0) | (c.out.empty() ? 0 : POLLOUT));
}
}  // namespace

void ControlServer::serve_client(Client& client, short revents) {
  if (serve(client, revents, handler_, options_.idle_timeout)) {
    client.watch.set_events(wanted_events(client));
  } else {
    clients_.remove_if([&](const Client& c) { return &c == &client; });
  }
  arm_idle_timer();
}

void ControlServer::drop_idle_clients() {
  const auto now = Clock::now();
  clients_.remove_if([&](const Client& c) { return now - c.last_activity >= options_.idle_timeout; });
  arm_idle_timer();
}

// Wakes for the earliest idle timeout.
void ControlServer::arm_idle_timer() {
  if (clients_.empty()) {
    idle_timer_.cancel();
    return;
  }
  Clock::time_point first = clients_.front().last_activity;
  for (const Client& c : clients_) first = std::min(first, c.last_activity);
  idle_timer_.start_at(first + options_.idle_timeout);
}

void ControlServer::accept_clients() {
  while (true) {
    UniqueFd fd(::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
    if (!fd) break;
    Client c{std::move(fd), {}, {}, Clock::now(), false, {}, {}};
    std::string why_not = refusal(c.fd.get());
    if (why_not.empty() && clients_.size() >= options_.max_clients) {
      why_not = fmt::format("busy: {} other clients are connected; try again", clients_.size());
    }
    if (!why_not.empty()) {
      c.out = encode_reply({false, fmt::format("{}: {}", path_.string(), why_not)});
      c.input_done = true;
      flush(c);  // best effort: the reply is short, the socket buffer empty
      continue;
    }
    clients_.push_back(std::move(c));
    Client& added = clients_.back();
    added.watch = loop_.watch(added.fd.get(), wanted_events(added),
                              [this, &added](short revents) { serve_client(added, revents); });
  }
  arm_idle_timer();
}

}  // namespace fakecam::app
