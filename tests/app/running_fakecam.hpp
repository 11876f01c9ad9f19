// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A fakecam started in the background for tests that talk to it while it
// runs (signals, `fakecam ctl`): its pid, its log as it grows, and its exit.
// stderr goes to a file (through `sh -c 'exec ...'`, which keeps the pid) so
// that a test can wait for a log line before it acts.

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fakecam::app::test_support {

class RunningFakecam {
 public:
  // `dir`: a scratch directory for the pid and log files; `args` follow
  // the fakecam binary.
  RunningFakecam(const std::filesystem::path& dir, const std::vector<std::string>& args)
      : pid_file_(dir / "fakecam.pid"), log_file_(dir / "fakecam.log") {
    // $0: the pid file, $1: the log, the rest: the command.
    std::vector<std::string> argv{"/bin/sh",
                                  "-c",
                                  "echo $$ > \"$0\" && log=\"$1\" && shift && exec \"$@\" 2> \"$log\"",
                                  pid_file_.string(),
                                  log_file_.string(),
                                  test::fakecam_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    runner_ = std::thread([this, argv] { result_ = test::run_command(argv, 600); });
  }
  ~RunningFakecam() {
    if (runner_.joinable()) {
      if (const pid_t p = pid(); p > 0) ::kill(p, SIGKILL);
      runner_.join();
    }
  }
  RunningFakecam(const RunningFakecam&) = delete;
  RunningFakecam& operator=(const RunningFakecam&) = delete;

  // The process id, once it started (-1 before, and if it never does within
  // a minute: a hang guard, not a speed requirement).
  pid_t pid() {
    for (int i = 0; i < 1200 && pid_ < 0; ++i) {
      std::ifstream in(pid_file_);
      if (!(in >> pid_)) {
        pid_ = -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    return pid_;
  }

  std::string log() const {
    std::ifstream in(log_file_, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  // Blocks until the log holds `text` `count` times; false after two
  // minutes (a hang guard).
  bool wait_for_log(const std::string& text, int count = 1) const {
    for (int i = 0; i < 2400; ++i) {
      const std::string l = log();
      int seen = 0;
      for (auto at = l.find(text); at != std::string::npos; at = l.find(text, at + 1)) ++seen;
      if (seen >= count) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // Waits for the exit; `err` is the log.
  test::CommandResult finish() {
    if (runner_.joinable()) runner_.join();
    result_.err = log();
    return result_;
  }

 private:
  std::filesystem::path pid_file_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  std::thread runner_;
  test::CommandResult result_;
};

}  // namespace fakecam::app::test_support
