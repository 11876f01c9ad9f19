#pragma once
// The live status line on a terminal: once a second, fps, per-stage
// milliseconds, latency and readers, rewritten in place on stderr. Nothing
// is printed when stderr is not a terminal (logs stay clean).

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace fakecam::app {

class StatusLine {
 public:
  // `text` is called from the status thread once a second.
  explicit StatusLine(std::function<std::string()> text);
  ~StatusLine();
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;

  static bool terminal_attached();

 private:
  std::function<std::string()> text_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace fakecam::app
