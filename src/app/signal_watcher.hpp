#pragma once
// Signals as the seed users know them: Ctrl-C (SIGINT) and SIGHUP reload the
// background/foreground images, Ctrl-\ (SIGQUIT) and SIGTERM quit cleanly.
// The signals are blocked in every thread and read from a signalfd by one
// watcher thread, so the handlers may take locks and log like any code.

#include <functional>
#include <thread>

#include "common/unique_fd.hpp"

namespace fakecam::app {

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
  UniqueFd signal_fd_;
  UniqueFd wake_fd_;
  std::thread thread_;
};

}  // namespace fakecam::app
