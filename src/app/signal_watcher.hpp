#pragma once
// Signals as the seed users know them: Ctrl-C (SIGINT) and SIGHUP reload the
// background/foreground images, Ctrl-\ (SIGQUIT) and SIGTERM quit cleanly.
// A second Ctrl-C within kQuitWindow of the first quits too: a user pressing
// Ctrl-C twice wants the program gone. The signals are blocked in every
// thread and read from a signalfd by one watcher thread, so the handlers may
// take locks and log like any code.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "common/unique_fd.hpp"

namespace fakecam::app {

inline constexpr std::chrono::seconds kQuitWindow{2};

// What the keys do, for the start-up line.
std::string signal_keys_help();

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

class SignalWatcher {
 public:
  // Must be created before any other thread, so that all inherit the mask.
  SignalWatcher(std::function<void()> on_reload, std::function<void()> on_quit);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void loop();
  std::function<void()> on_reload_;
  std::function<void()> on_quit_;
  RepeatedPress ctrl_c_{kQuitWindow};
  UniqueFd signal_fd_;
  UniqueFd wake_fd_;
  std::thread thread_;
};

}  // namespace fakecam::app
