// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/log.hpp"

#include <unistd.h>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace fakecam {

void setup_logging(int verbosity) {
  auto logger = spdlog::stderr_color_mt("fakecam");
  // On a terminal, erase the live status line before a message so the two
  // do not run into each other.
  logger->set_pattern(::isatty(STDERR_FILENO) == 1 ? "\r\033[Kfakecam: %^%l%$: %v" : "fakecam: %^%l%$: %v");
  logger->set_level(verbosity <= 0 ? spdlog::level::warn : verbosity == 1 ? spdlog::level::info : spdlog::level::debug);
  spdlog::set_default_logger(logger);
}

}  // namespace fakecam
