// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The live status line on a terminal: once a second, fps, readers, latency
// and per-stage milliseconds, rewritten in place on stderr and cut to the
// terminal's width (a wrapped line would no longer be rewritten in place).
// Nothing is printed when stderr is not a terminal (logs stay clean).

#include <functional>
#include <string>
#include <vector>

#include "common/event_loop.hpp"

namespace fakecam::app {

// The fields joined by " | ", as many whole fields as fit in `columns` - 1
// characters (the last column stays empty: writing it makes some terminals
// wrap); the first field is cut when even it alone does not fit.
std::string fit_status_line(const std::vector<std::string>& fields, int columns);

// The width of the terminal on stderr (TIOCGWINSZ), or 80 when unknown.
int terminal_columns();

class StatusLine {
 public:
  // `fields` (the most useful first) is called on the loop's thread once a
  // second.
  StatusLine(EventLoop& loop, std::function<std::vector<std::string>()> fields);
  ~StatusLine();  // erases the line
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;

  static bool terminal_attached();

 private:
  void draw();
  std::function<std::vector<std::string>()> fields_;
  EventLoop::Timer timer_;
};

}  // namespace fakecam::app
