// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `fakecam ctl WORDS...`: one request to the running fakecam (see
// control/control_commands.hpp for the requests).

#include <string>
#include <vector>

#include "app/cli11_declarations.hpp"

namespace fakecam::app {

struct CtlOptions {
  std::vector<std::string> words;
  std::string socket;
};

void add_ctl_command(CLI::App& app, CtlOptions& options);

// Prints the reply; returns the exit code (0 ok, 1 error reply). `help`
// needs no running fakecam. Throws Error for an unknown request or when no
// fakecam can be reached (saying why).
int run_ctl(const CtlOptions& options);

}  // namespace fakecam::app
