// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/consumer_watch.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>

#include "common/error.hpp"
#include "common/log.hpp"

namespace fakecam::output {
namespace {

constexpr std::uint32_t kEvents = IN_OPEN | IN_CLOSE_WRITE | IN_CLOSE_NOWRITE | IN_DELETE_SELF;
// How long after an open event the count is taken again (see recount_at_).
constexpr std::chrono::milliseconds kOpenSettle{100};

int opens_in_fd_dir(const std::filesystem::path& fd_dir, const std::string& target) {
  int count = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(fd_dir, ec)) {
    std::error_code link_ec;
    const auto link = std::filesystem::read_symlink(entry.path(), link_ec);
    if (!link_ec && link.native() == target) ++count;
  }
  return count;
}

}  // namespace

OpenCount count_opens_in_proc(const std::string& canonical_path, int self_pid, const std::filesystem::path& proc_dir) {
  OpenCount count;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(proc_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const int n = opens_in_fd_dir(entry.path() / "fd", canonical_path);
    count.all += n;
    if (std::atoi(name.c_str()) == self_pid) count.own += n;
  }
  return count;
}

InotifyConsumerWatch::InotifyConsumerWatch(const std::filesystem::path& path) {
  std::error_code ec;
  const auto canonical = std::filesystem::canonical(path, ec);
  if (ec) fail("{}: cannot watch for readers: {}", path.string(), ec.message());
  path_ = canonical.string();
  inotify_ = UniqueFd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  if (!inotify_) fail("{}: cannot watch for readers: inotify: {}", path_, errno_text(errno));
  if (::inotify_add_watch(inotify_.get(), path_.c_str(), kEvents) < 0) {
    fail("{}: cannot watch for readers: {}", path_, errno_text(errno));
  }
  recount();
}

void InotifyConsumerWatch::recount() {
  const OpenCount count = count_opens_in_proc(path_, static_cast<int>(::getpid()));
  readers_ = std::max(0, count.all - count.own);
}

bool InotifyConsumerWatch::drain() {
  if (gone_) return false;
  bool any = false;
  bool opened = false;
  alignas(inotify_event) std::array<char, 4096> buf;
  for (;;) {
    const ssize_t n = ::read(inotify_.get(), buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN) spdlog::warn("{}: reading inotify events failed: {}", path_, errno_text(errno));
      break;
    }
    if (n == 0) break;
    for (ssize_t off = 0; off < n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(buf.data() + off);
      off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
      any = true;
      if ((ev->mask & (IN_DELETE_SELF | IN_IGNORED)) != 0) gone_ = true;
      if ((ev->mask & IN_OPEN) != 0) opened = true;
    }
  }
  if (gone_) {
    readers_ = 0;
    recount_at_.reset();
  } else if (opened) {
    recount_at_ = Clock::now() + kOpenSettle;
  }
  return any;
}

int InotifyConsumerWatch::readers() {
  if (drain()) {
    if (!gone_) recount();
  } else if (recount_at_ && Clock::now() >= *recount_at_) {
    recount_at_.reset();
    recount();
  }
  return readers_;
}

}  // namespace fakecam::output
