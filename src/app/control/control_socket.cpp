// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/control/control_socket.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "common/error.hpp"

namespace fakecam::app {

namespace {

constexpr std::size_t kMaxReply = 1 << 20;

// A connected socket, or an empty one with errno set.
UniqueFd try_connect(const std::filesystem::path& path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) fail("cannot make a socket: {}", errno_text(errno));
  const sockaddr_un addr = unix_address(path);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    const int err = errno;
    fd.reset();
    errno = err;
  }
  return fd;
}

std::string user_name(uid_t uid) {
  if (const passwd* pw = ::getpwuid(uid)) return fmt::format("user {} (uid {})", pw->pw_name, uid);
  return fmt::format("uid {}", uid);
}

// Why connect() said EACCES: "the socket belongs to user alice (uid 1000);
// only that user may control this fakecam", or the same about the first
// directory on the way that refuses us, or the mode that refuses us when the
// file is our own.
std::string why_denied(const std::filesystem::path& path) {
  const auto describe = [](const std::string& what, const struct stat& st) {
    if (st.st_uid != ::geteuid()) {
      return fmt::format("{} belongs to {}; only that user may control this fakecam", what, user_name(st.st_uid));
    }
    return fmt::format("{} is yours but its mode {:04o} refuses you", what, st.st_mode & 07777);
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return describe("the socket", st);
  for (auto dir = path.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    if (::stat(dir.c_str(), &st) == 0 && ::faccessat(AT_FDCWD, dir.c_str(), X_OK, AT_EACCESS) != 0) {
      return describe("its directory " + dir.string(), st);
    }
  }
  return "the socket or its directory belongs to another user";
}

// Splits the first reply (up to its empty line) off `data`; false when it
// is not complete yet.
bool take_reply(std::string& data, std::string& reply) {
  const auto end = data.find("\n\n");
  if (end == std::string::npos) return false;
  reply = data.substr(0, end);
  data.erase(0, end + 2);
  return true;
}

ControlReply decode_reply(const std::filesystem::path& path, const std::string& reply) {
  for (const auto& [word, ok] : {std::pair<std::string, bool>{"ok", true}, {"error", false}}) {
    if (reply == word) return {ok, {}};
    if (reply.rfind(word, 0) == 0 && (reply[word.size()] == ' ' || reply[word.size()] == '\n')) {
      return {ok, reply.substr(word.size() + 1)};
    }
  }
  fail("{}: unexpected reply '{}' (not a fakecam control socket?)", path.string(), reply.substr(0, 80));
}

}  // namespace

sockaddr_un unix_address(const std::filesystem::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string p = path.string();
  if (p.size() >= sizeof addr.sun_path) fail("{}: control socket path is too long", p);
  std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
  return addr;
}

bool control_socket_is_live(const std::filesystem::path& path) { return static_cast<bool>(try_connect(path)); }

std::filesystem::path control_socket_dir() {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  if (runtime != nullptr && *runtime != '\0') return std::filesystem::path(runtime) / "fakecam";
  return std::filesystem::path("/tmp") / ("fakecam-" + std::to_string(::getuid()));
}

std::filesystem::path control_socket_for(const std::string& output) {
  std::string name = std::filesystem::path(output).filename().string();
  if (name.empty() || name == "-") name = "stdout";
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  }
  return control_socket_dir() / (name + ".sock");
}

std::string connect_failure(const std::filesystem::path& path, int err) {
  switch (err) {
    case ENOENT:
      return fmt::format("{}: no running fakecam listens there (start fakecam first, or pass its --control-socket)",
                         path.string());
    case ECONNREFUSED:
      return fmt::format("{}: no fakecam listens there any more (the socket was left by one that did not exit cleanly)",
                         path.string());
    case EACCES:
    case EPERM:
      return fmt::format("{}: permission denied: {}", path.string(), why_denied(path));
    default:
      return fmt::format("{}: cannot connect: {}", path.string(), errno_text(err));
  }
}

std::filesystem::path find_control_socket() {
  const auto dir = control_socket_dir();
  std::error_code ec;
  std::filesystem::directory_iterator entries(dir, ec);
  if (ec == std::errc::permission_denied) fail("{}", connect_failure(dir / "*.sock", EACCES));
  std::vector<std::filesystem::path> live;
  std::string refused;  // another user's socket: said instead of "none runs"
  for (; !ec && entries != std::filesystem::directory_iterator(); entries.increment(ec)) {
    const auto& path = entries->path();
    if (path.extension() != ".sock") continue;
    if (try_connect(path)) {
      live.push_back(path);
    } else if (errno == EACCES || errno == EPERM) {
      refused = connect_failure(path, errno);
    }
  }
  if (live.size() == 1) return live.front();
  if (live.empty() && !refused.empty()) fail("{}", refused);
  if (live.empty()) fail("no running fakecam found (no live control socket in {})", dir.string());
  std::string names;
  for (const auto& p : live) names += (names.empty() ? "" : ", ") + p.string();
  fail("several fakecams are running; choose one with --socket: {}", names);
}

std::string encode_reply(const ControlReply& reply) {
  std::string out = reply.ok ? "ok" : "error";
  if (!reply.text.empty()) out += reply.text.find('\n') != std::string::npos ? '\n' : ' ';
  // An empty line ends the reply, so the text must not contain one.
  for (char c : reply.text) {
    if (c != '\n' || out.back() != '\n') out += c;
  }
  if (out.back() != '\n') out += '\n';
  return out + '\n';
}

long send_with_fds(int fd, const std::string& data, const std::vector<std::shared_ptr<UniqueFd>>& fds) {
  if (data.empty()) return 0;
  std::vector<char> control(CMSG_SPACE(sizeof(int) * fds.size()));
  iovec iov{const_cast<char*>(data.data()), 1};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.data();
  msg.msg_controllen = control.size();
  cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
  for (std::size_t i = 0; i < fds.size(); ++i) {
    const int one = fds[i]->get();
    std::memcpy(CMSG_DATA(cmsg) + i * sizeof(int), &one, sizeof one);
  }
  return ::sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
}

bool send_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

ControlConnection::ControlConnection(std::filesystem::path path) : path_(std::move(path)), fd_(try_connect(path_)) {
  if (!fd_) fail("{}", connect_failure(path_, errno));
}

ControlReply ControlConnection::request(const std::string& line, std::chrono::milliseconds timeout) {
  if (line.find('\n') != std::string::npos) fail("a control request is one line");
  // A server that refuses us (busy, another user) replies and closes,
  // maybe before we send: its reply is still there to read.
  const bool sent = send_all(fd_.get(), line + "\n");
  const int send_errno = errno;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string reply;
  char buf[4096];
  while (!take_reply(received_, reply)) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd_.get(), POLLIN, 0};
    const int ready = left.count() > 0 ? ::poll(&p, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) fail("{}: no reply within {} s", path_.string(), timeout.count() / 1000);
    // recvmsg: a reply may carry descriptors (SCM_RIGHTS), kept with it.
    iovec iov{buf, sizeof buf};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(fd_.get(), &msg, MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) continue;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (std::size_t i = 0; i < count; ++i) {
        int passed = -1;
        std::memcpy(&passed, CMSG_DATA(c) + i * sizeof(int), sizeof passed);
        received_fds_.push_back(std::make_shared<UniqueFd>(passed));
      }
    }
    if (n <= 0) {
      // A server that closes after its reply without the empty line (or
      // refuses us): take what came.
      if (received_.empty() && !sent) fail("{}: the connection broke: {}", path_.string(), errno_text(send_errno));
      if (received_.empty()) fail("{}: fakecam closed the connection without a reply", path_.string());
      reply = received_;
      received_.clear();
      while (!reply.empty() && reply.back() == '\n') reply.pop_back();
      break;
    }
    received_.append(buf, static_cast<std::size_t>(n));
    if (received_.size() > kMaxReply) fail("{}: reply too long", path_.string());
  }
  ControlReply decoded = decode_reply(path_, reply);
  decoded.fds = std::exchange(received_fds_, {});
  return decoded;
}

ControlReply send_control_request(const std::filesystem::path& path, const std::string& request) {
  return ControlConnection(path).request(request);
}

}  // namespace fakecam::app
