// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/preview/preview_process.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/log.hpp"

extern char** environ;

namespace fakecam::app::preview {

PreviewProcess::PreviewProcess(const std::filesystem::path& control_socket, EventLoop& loop) {
  // The camera blocks its signals for its signalfd (camera_session.hpp) and
  // a spawned child inherits that mask: the window must get its own back, or
  // SIGTERM and Ctrl-C would not close it.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  const std::string self = "/proc/self/exe", socket = control_socket.string();
  std::vector<std::string> args{"fakecam", "preview", "--socket", socket};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = posix_spawn(&pid_, self.c_str(), nullptr, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) fail("--preview: cannot start the preview window process: {}", errno_text(rc));
  spdlog::info("preview: window opened (process {}); q closes it, the camera goes on", pid_);
  // The window closed with q exits long before the camera: reap it then, not
  // at the camera's exit (a zombie in ps all the while). A pidfd becomes
  // readable once, when the process exits (edge-triggered: it stays so).
  // (The syscall itself: glibc 2.36's <sys/pidfd.h> declares pidfd_open
  // without C linkage for C++.)
  pidfd_ = UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0)));
  if (!pidfd_) {
    spdlog::warn("preview: cannot watch the window process {} ({}); it is reaped when the camera stops", pid_,
                 errno_text(errno));
    return;
  }
  exit_watch_ = loop.watch(
      pidfd_.get(), POLLIN, [this](short) { reap_if_exited(); }, true);
}

void PreviewProcess::reap_if_exited() {
  int status = 0;
  if (reaped_ || ::waitpid(pid_, &status, WNOHANG) != pid_) return;
  reaped_ = true;
  spdlog::info("preview: window process {} exited", pid_);
}

PreviewProcess::~PreviewProcess() {
  exit_watch_.reset();  // waits for a reap in progress on the loop
  if (pid_ <= 0 || reaped_) return;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) return;  // closed by the user already
  ::kill(pid_, SIGTERM);
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace fakecam::app::preview
