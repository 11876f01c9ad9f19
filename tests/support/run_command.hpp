// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs a program to completion and captures what it printed, for tests of the
// command-line behaviour (exit codes and one-line errors).

#include <string>
#include <vector>

namespace fakecam::test {

struct CommandResult {
  int exit_code = -1;  // -1 if killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

// argv[0] is the program path. `timeout_s` guards against hangs: the child is
// killed and the result says so (signal = SIGKILL).
CommandResult run_command(const std::vector<std::string>& argv, int timeout_s = 120,
                          const std::vector<std::string>& extra_env = {});

}  // namespace fakecam::test
