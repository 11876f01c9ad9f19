// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Who is reading the virtual camera, so fakecam can process frames only while
// someone watches ("on demand", as the seed does).
//
// ConsumerWatch is the interface. InotifyConsumerWatch is woken by inotify
// (IN_OPEN, IN_CLOSE_WRITE, IN_CLOSE_NOWRITE on the device node) and then
// counts the open descriptors of the node in /proc. It does not add up the
// events: inotify merges identical events that are queued back to back, so
// two readers closing together arrive as one close and a running count would
// stay at 1 for good. The count is fuzzy all the same: every open counts (a
// browser probing the device list for a moment, `v4l2-ctl --all`), and
// processes of other users are invisible in /proc (fakecam runs as the
// desktop user, like the browsers and apps that read it). A later strategy
// (V4L2_EVENT_PRI_CLIENT_USAGE on v4l2loopback >= 0.13, which counts streaming
// readers) can implement the same interface.
// ConsumerDemand (consumer_demand.hpp) turns a count into "process frames
// now?".

#include <poll.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "common/frame.hpp"
#include "common/unique_fd.hpp"

namespace fakecam::output {

class ConsumerWatch {
 public:
  virtual ~ConsumerWatch() = default;

  // Programs other than this one that have the device open now.
  virtual int readers() = 0;

  // The descriptor that becomes ready when readers() may have changed, for
  // an event loop (see EventLoop::watch).
  struct Wakeup {
    int fd = -1;
    short events = 0;
    bool edge_triggered = false;
  };
  virtual Wakeup wakeup() const = 0;
  // When to ask readers() again even without an event, if ever.
  virtual std::optional<Clock::time_point> recheck_at() const { return std::nullopt; }
};

class InotifyConsumerWatch final : public ConsumerWatch {
 public:
  // Works on any file (device nodes, and regular files in tests). Opens made
  // before the watch starts count too; this process's own opens (the sink's)
  // never do. Throws Error naming the path if it cannot be watched.
  explicit InotifyConsumerWatch(const std::filesystem::path& path);

  int readers() override;
  Wakeup wakeup() const override { return {inotify_.get(), POLLIN, false}; }
  std::optional<Clock::time_point> recheck_at() const override { return recount_at_; }

 private:
  // Reads pending events without blocking; true if any arrived.
  bool drain();
  void recount();

  std::string path_;  // canonical, as /proc/<pid>/fd links show it
  UniqueFd inotify_;
  int readers_ = 0;
  bool gone_ = false;  // the node was deleted (driver unloaded)
  // The kernel reports an open before the new descriptor shows in /proc:
  // count again a moment after one.
  std::optional<Clock::time_point> recount_at_;
};

// Descriptors open on `canonical_path` in the processes under `proc_dir`
// that this user may inspect: `all` in every process, `own` in `self_pid`.
struct OpenCount {
  int all = 0;
  int own = 0;
};
OpenCount count_opens_in_proc(const std::string& canonical_path, int self_pid,
                              const std::filesystem::path& proc_dir = "/proc");

}  // namespace fakecam::output
