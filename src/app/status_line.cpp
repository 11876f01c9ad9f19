#include "app/status_line.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace fakecam::app {

std::string fit_status_line(const std::vector<std::string>& fields, int columns) {
  const std::size_t width = columns > 1 ? static_cast<std::size_t>(columns - 1) : 0;
  std::string line;
  for (const std::string& field : fields) {
    const std::size_t needed = line.size() + (line.empty() ? 0 : 3) + field.size();
    if (needed > width) {
      if (line.empty()) line = field.substr(0, width);
      break;
    }
    line += (line.empty() ? "" : " | ") + field;
  }
  return line;
}

int terminal_columns() {
  winsize ws{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

bool StatusLine::terminal_attached() { return ::isatty(STDERR_FILENO) == 1; }

StatusLine::StatusLine(std::function<std::vector<std::string>()> fields) : fields_(std::move(fields)) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) {
      // Measured each time: the terminal may have been resized.
      const std::string line = fit_status_line(fields_(), terminal_columns());
      // \r + "erase line" keeps one line updated in place.
      std::fprintf(stderr, "\r\033[K%s", line.c_str());
      std::fflush(stderr);
    }
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  });
}

StatusLine::~StatusLine() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace fakecam::app
