#include "common/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace fakecam {

void setup_logging(int verbosity) {
  auto logger = spdlog::stderr_color_mt("fakecam");
  logger->set_pattern("fakecam: %^%l%$: %v");
  logger->set_level(verbosity <= 0 ? spdlog::level::warn : verbosity == 1 ? spdlog::level::info : spdlog::level::debug);
  spdlog::set_default_logger(logger);
}

}  // namespace fakecam
