// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Logging goes through spdlog's default logger; the program configures it
// once (format, level, stderr) in setup_logging().

#include <spdlog/spdlog.h>

namespace fakecam {

// verbosity: 0 = warnings and errors, 1 = info (default), 2+ = debug.
void setup_logging(int verbosity);

}  // namespace fakecam
