// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/signal_watcher.hpp"

#include <signal.h>

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

bool take_pending_ctrl_c() {
  sigset_t pending;
  if (::sigpending(&pending) != 0 || sigismember(&pending, SIGINT) != 1) return false;
  sigset_t ctrl_c;
  sigemptyset(&ctrl_c);
  sigaddset(&ctrl_c, SIGINT);
  const timespec now{0, 0};
  return ::sigtimedwait(&ctrl_c, nullptr, &now) == SIGINT;
}

bool RepeatedPress::press(Clock::time_point now) {
  const bool repeated = last_ && now - *last_ <= window_;
  last_ = now;
  return repeated;
}

HandledSignals::HandledSignals() : blocked_(set()) { ::signal(SIGPIPE, SIG_IGN); }

sigset_t HandledSignals::set() { return handled_signals(); }

SignalWatcher::SignalWatcher(EventLoop& loop, std::function<void()> on_reload, std::function<void()> on_quit)
    : on_reload_(std::move(on_reload)),
      on_quit_(std::move(on_quit)),
      watch_(loop.signals(handled_signals(), [this](int signo) { handle(signo); })) {}

void SignalWatcher::handle(int signo) {
  switch (signo) {
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
      spdlog::info("{}: stopping", signo == SIGQUIT ? "Ctrl-\\" : "SIGTERM");
      on_quit_();
      break;
  }
}

}  // namespace fakecam::app
