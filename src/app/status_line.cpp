#include "app/status_line.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace fakecam::app {

bool StatusLine::terminal_attached() { return ::isatty(STDERR_FILENO) == 1; }

StatusLine::StatusLine(std::function<std::string()> text) : text_(std::move(text)) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) {
      const std::string line = text_();
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
