// SPDX-License-Identifier: GPL-3.0-or-later
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

StatusLine::StatusLine(EventLoop& loop, std::function<std::vector<std::string>()> fields)
    : fields_(std::move(fields)), timer_(loop.timer([this] { draw(); })) {
  timer_.start_after(std::chrono::seconds(1), std::chrono::seconds(1));
}

void StatusLine::draw() {
  // Measured each time: the terminal may have been resized.
  const std::string line = fit_status_line(fields_(), terminal_columns());
  // \r + "erase line" keeps one line updated in place.
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
}

StatusLine::~StatusLine() {
  timer_.reset();  // no draw after the erase
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
}

}  // namespace fakecam::app
