// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// --preview: the camera opens its own preview window, as a `fakecam
// preview` child process pointed at its own control socket. A process of its
// own, not a thread: the window (SDL2, X11/Wayland) stays out of the camera
// process, so closing it (q), or its crashing, leaves the camera running,
// and a camera without a window pays nothing for it (the publisher copies
// frames only while a window is attached).

#include <atomic>
#include <filesystem>

#include <sys/types.h>

#include "common/event_loop.hpp"
#include "common/unique_fd.hpp"

namespace fakecam::app::preview {

class PreviewProcess {
 public:
  // Starts `fakecam preview --socket SOCKET` (this same binary) and reaps it
  // on `loop` as soon as it exits (a pidfd: no zombie while the camera runs
  // on). Throws Error when it cannot be started.
  PreviewProcess(const std::filesystem::path& control_socket, EventLoop& loop);
  // Closes the window if it is still open (SIGTERM: SDL turns it into a
  // quit) and reaps the process.
  ~PreviewProcess();
  PreviewProcess(const PreviewProcess&) = delete;
  PreviewProcess& operator=(const PreviewProcess&) = delete;

  pid_t pid() const { return pid_; }

 private:
  void reap_if_exited();

  pid_t pid_ = -1;
  std::atomic<bool> reaped_{false};
  UniqueFd pidfd_;
  EventLoop::Watch exit_watch_;
};

}  // namespace fakecam::app::preview
