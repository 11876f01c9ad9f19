// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Signals as the seed users know them: Ctrl-C (SIGINT) and SIGHUP reload the
// background/foreground images, Ctrl-\ (SIGQUIT) and SIGTERM quit cleanly.
// A second Ctrl-C within kQuitWindow of the first quits too: a user pressing
// Ctrl-C twice wants the program gone. The signals are blocked in every
// thread and read from a signalfd on the event loop's thread, so the
// handlers may take locks and log like any code.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "common/event_loop.hpp"

namespace fakecam::app {

inline constexpr std::chrono::seconds kQuitWindow{2};

// What the keys do, for the start-up line.
std::string signal_keys_help();

// Takes a Ctrl-C that came while the signals were blocked and nothing read
// them yet (start-up: the model loading, the devices opening). Standard
// signals do not queue, so two presses there are one: the caller treats it
// as "stop", since nothing is on screen yet to reload.
bool take_pending_ctrl_c();

// Tells a second press within `window` of the previous one from a first.
class RepeatedPress {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RepeatedPress(Clock::duration window) : window_(window) {}
  // True when this press follows the previous one within the window.
  bool press(Clock::time_point now);

 private:
  Clock::duration window_;
  std::optional<Clock::time_point> last_;
};

// The signals above, blocked while it lives (and SIGPIPE ignored: a reader
// closing a y4m pipe must not kill us, writes report EPIPE instead). Must be
// created before any other thread, so that all inherit the mask.
class HandledSignals {
 public:
  HandledSignals();
  static sigset_t set();

 private:
  BlockedSignals blocked_;
};

// Calls on_reload / on_quit on the loop's thread, logging what the key did.
class SignalWatcher {
 public:
  SignalWatcher(EventLoop& loop, std::function<void()> on_reload, std::function<void()> on_quit);

 private:
  void handle(int signo);
  std::function<void()> on_reload_;
  std::function<void()> on_quit_;
  RepeatedPress ctrl_c_{kQuitWindow};
  EventLoop::Watch watch_;
};

}  // namespace fakecam::app
