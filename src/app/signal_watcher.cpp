#include "app/signal_watcher.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>

#include <cerrno>
#include <cstdint>

#include "common/error.hpp"
#include "common/log.hpp"

namespace fakecam::app {

namespace {
sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGQUIT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}
}  // namespace

std::string signal_keys_help() {
  return fmt::format("Ctrl-C reloads the images, Ctrl-C twice within {} s or Ctrl-\\ quits", kQuitWindow.count());
}

bool RepeatedPress::press(Clock::time_point now) {
  const bool repeated = last_ && now - *last_ <= window_;
  last_ = now;
  return repeated;
}

SignalWatcher::SignalWatcher(std::function<void()> on_reload, std::function<void()> on_quit)
    : on_reload_(std::move(on_reload)), on_quit_(std::move(on_quit)) {
  // A reader closing a y4m pipe must not kill us: writes report EPIPE instead.
  ::signal(SIGPIPE, SIG_IGN);
  const sigset_t set = handled_signals();
  if (::pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) fail("cannot block signals");
  signal_fd_.reset(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
  wake_fd_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!signal_fd_ || !wake_fd_) fail("cannot watch signals: {}", errno_text(errno));
  thread_ = std::thread([this] { loop(); });
}

SignalWatcher::~SignalWatcher() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_fd_.get(), &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  const sigset_t set = handled_signals();
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

void SignalWatcher::loop() {
  pollfd fds[2] = {{signal_fd_.get(), POLLIN, 0}, {wake_fd_.get(), POLLIN, 0}};
  while (true) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    signalfd_siginfo info{};
    while (::read(signal_fd_.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      switch (info.ssi_signo) {
        case SIGINT:
          if (ctrl_c_.press(RepeatedPress::Clock::now())) {
            spdlog::info("Ctrl-C twice: stopping");
            on_quit_();
            break;
          }
          spdlog::info("Ctrl-C: reloading the background and foreground images (Ctrl-C again within {} s quits)",
                       kQuitWindow.count());
          on_reload_();
          break;
        case SIGHUP:
          spdlog::info("SIGHUP: reloading the background and foreground images");
          on_reload_();
          break;
        default:
          spdlog::info("{}: stopping", info.ssi_signo == SIGQUIT ? "Ctrl-\\" : "SIGTERM");
          on_quit_();
          break;
      }
    }
  }
}

}  // namespace fakecam::app
