#include "app/control/control_socket.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cctype>
#include <cstring>
#include <vector>

#include "common/error.hpp"
#include "common/log.hpp"

namespace fakecam::app {

namespace {

constexpr std::size_t kMaxRequest = 4096;

sockaddr_un address_of(const std::filesystem::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string p = path.string();
  if (p.size() >= sizeof addr.sun_path) fail("{}: control socket path is too long", p);
  std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
  return addr;
}

UniqueFd connect_to(const std::filesystem::path& path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) fail("cannot make a socket: {}", errno_text(errno));
  const sockaddr_un addr = address_of(path);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) return UniqueFd();
  return fd;
}

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads until the peer closes (or, with `line`, until a newline).
std::string read_all(int fd, bool line, int timeout_ms) {
  std::string data;
  char buf[1024];
  while (data.size() < kMaxRequest * 16) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) break;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (line && data.find('\n') != std::string::npos) break;
  }
  return data;
}

}  // namespace

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

std::filesystem::path find_control_socket() {
  const auto dir = control_socket_dir();
  std::vector<std::filesystem::path> live;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".sock" && connect_to(entry.path())) live.push_back(entry.path());
  }
  if (live.size() == 1) return live.front();
  if (live.empty()) fail("no running fakecam found (no control socket in {})", dir.string());
  std::string names;
  for (const auto& p : live) names += (names.empty() ? "" : ", ") + p.string();
  fail("several fakecams are running; choose one with --socket: {}", names);
}

ControlServer::ControlServer(std::filesystem::path path, Handler handler)
    : path_(std::move(path)), handler_(std::move(handler)) {
  const auto dir = path_.parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) fail("{}: cannot create the control socket directory", dir.string());
  if (st.st_uid != ::getuid()) fail("{}: belongs to another user; refusing to put the control socket there", dir.string());
  ::chmod(dir.c_str(), 0700);
  if (std::filesystem::exists(path_, ec)) {
    if (connect_to(path_)) fail("{}: another fakecam is running and listens there (use --control-socket for a second one)", path_.string());
    std::filesystem::remove(path_, ec);  // left by a fakecam that did not exit cleanly
  }
  listen_fd_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!listen_fd_) fail("cannot make a socket: {}", errno_text(errno));
  const sockaddr_un addr = address_of(path_);
  const mode_t old_mask = ::umask(0177);  // the socket file is created 0600
  const int bound = ::bind(listen_fd_.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  ::umask(old_mask);
  if (bound != 0) fail("{}: cannot create the control socket: {}", path_.string(), errno_text(errno));
  if (::listen(listen_fd_.get(), 8) != 0) fail("{}: cannot listen: {}", path_.string(), errno_text(errno));
  wake_fd_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  thread_ = std::thread([this] { loop(); });
}

ControlServer::~ControlServer() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_fd_.get(), &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

void ControlServer::loop() {
  pollfd fds[2] = {{listen_fd_.get(), POLLIN, 0}, {wake_fd_.get(), POLLIN, 0}};
  while (true) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    UniqueFd client(::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (client) serve(client.get());
  }
}

void ControlServer::serve(int client) {
  // Only this user's processes may talk to us (the 0600 file already says
  // so; the credential check also covers a socket reached another way).
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(client, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != ::getuid()) return;
  std::string request = read_all(client, true, 2000);
  if (const auto nl = request.find('\n'); nl != std::string::npos) request.resize(nl);
  if (request.size() > kMaxRequest) {
    write_all(client, "error request too long\n");
    return;
  }
  ControlReply reply;
  try {
    reply = handler_(request);
  } catch (const Error& e) {
    reply = {false, e.what()};
  }
  std::string text = reply.ok ? "ok" : "error";
  if (!reply.text.empty()) text += (reply.text.find('\n') != std::string::npos ? "\n" : " ") + reply.text;
  write_all(client, text + "\n");
}

ControlReply send_control_request(const std::filesystem::path& path, const std::string& request) {
  UniqueFd fd = connect_to(path);
  if (!fd) fail("{}: no running fakecam listens there (start fakecam first, or pass its --control-socket)", path.string());
  if (!write_all(fd.get(), request + "\n")) fail("{}: the connection broke", path.string());
  ::shutdown(fd.get(), SHUT_WR);
  std::string reply = read_all(fd.get(), false, 10000);
  while (!reply.empty() && reply.back() == '\n') reply.pop_back();
  if (reply.rfind("ok", 0) == 0) return {true, reply.size() > 3 ? reply.substr(3) : std::string()};
  if (reply.rfind("error", 0) == 0) return {false, reply.size() > 6 ? reply.substr(6) : std::string()};
  fail("{}: unexpected reply '{}'", path.string(), reply.substr(0, 80));
}

}  // namespace fakecam::app
