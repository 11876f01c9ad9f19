// SPDX-License-Identifier: GPL-3.0-or-later
// Reader counting with inotify, on a regular file (inotify works on any
// file, so no V4L2 is needed): opens and closes by other processes count,
// this process's own opens do not. And the grace-time logic on its own.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "common/error.hpp"
#include "output/consumer_watch.hpp"
#include "support/test_paths.hpp"

namespace fakecam::output {
namespace {

// A child process that opens `path` and holds it until release().
class Opener {
 public:
  explicit Opener(const std::filesystem::path& path) {
    int ready[2], hold[2];
    if (::pipe(ready) != 0 || ::pipe(hold) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {  // only async-signal-safe calls from here
      // Drop what fork() copied (the test's own fds on the file): a reader
      // holds only what it opened itself.
      for (int fd = 3; fd < 1024; ++fd) {
        if (fd != ready[1] && fd != hold[0]) ::close(fd);
      }
      const int fd = ::open(path.c_str(), O_RDONLY);
      const char ok = fd >= 0 ? '1' : '0';
      (void)!::write(ready[1], &ok, 1);
      char c;
      (void)!::read(hold[0], &c, 1);  // returns when the parent closes its end
      ::close(fd);
      ::_exit(0);
    }
    ::close(ready[1]);
    ::close(hold[0]);
    hold_ = hold[1];
    char ok = '0';
    (void)!::read(ready[0], &ok, 1);
    ::close(ready[0]);
    if (ok != '1') throw std::runtime_error("child could not open the file");
  }
  ~Opener() { release(); }
  void release() {
    if (pid_ <= 0) return;
    ::close(hold_);
    ::waitpid(pid_, nullptr, 0);  // the close happened before the exit
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int hold_ = -1;
};

std::filesystem::path make_file(const std::string& name) {
  const auto path = test::scratch_dir(name) / "video10";
  std::ofstream(path) << "not a camera";
  return path;
}

TEST(InotifyConsumerWatch, CountsOpensAndClosesOfOtherProcesses) {
  const auto file = make_file("watch-count");
  InotifyConsumerWatch watch(file);
  EXPECT_EQ(watch.readers(), 0);
  Opener a(file);
  EXPECT_EQ(watch.readers(), 1);
  {
    Opener b(file);
    EXPECT_EQ(watch.readers(), 2);
  }
  EXPECT_EQ(watch.readers(), 1);
  a.release();
  EXPECT_EQ(watch.readers(), 0);
}

TEST(InotifyConsumerWatch, ReadersLeavingTogetherAllCount) {
  // inotify merges identical queued events: two closes read as one. A count
  // kept from events would stay at 1 here and never let the pipeline idle.
  const auto file = make_file("watch-together");
  InotifyConsumerWatch watch(file);
  Opener a(file), b(file), c(file);
  EXPECT_EQ(watch.readers(), 3);
  a.release();
  b.release();
  c.release();
  EXPECT_EQ(watch.readers(), 0);
}

TEST(InotifyConsumerWatch, OwnOpensAreNotReaders) {
  const auto file = make_file("watch-own");
  InotifyConsumerWatch watch(file);
  {
    std::ifstream mine(file);  // like the sink's own fd on the device
    ASSERT_TRUE(mine.is_open());
    EXPECT_EQ(watch.readers(), 0);
    Opener other(file);
    EXPECT_EQ(watch.readers(), 1);
  }
  EXPECT_EQ(watch.readers(), 0);
}

TEST(InotifyConsumerWatch, ReadersFromBeforeTheWatchAreFound) {
  const auto file = make_file("watch-before");
  Opener early(file);
  std::ifstream mine(file);
  InotifyConsumerWatch watch(file);
  EXPECT_EQ(watch.readers(), 1);
  early.release();
  EXPECT_EQ(watch.readers(), 0);
}

// Whether the watch's wakeup descriptor turns ready within `ms`.
bool wakes_within(const ConsumerWatch& watch, int ms) {
  pollfd p{watch.wakeup().fd, watch.wakeup().events, 0};
  return ::poll(&p, 1, ms) > 0;
}

TEST(InotifyConsumerWatch, WakeupIsReadyOnAnOpenAndNotOtherwise) {
  const auto file = make_file("watch-wait");
  InotifyConsumerWatch watch(file);
  EXPECT_FALSE(wakes_within(watch, 20)) << "nothing happened, yet it woke";
  Opener a(file);
  EXPECT_TRUE(wakes_within(watch, 60000));
  EXPECT_EQ(watch.readers(), 1);
  EXPECT_FALSE(wakes_within(watch, 0)) << "readers() takes the events";
}

TEST(InotifyConsumerWatch, DeletedNodeMeansNoReaders) {
  const auto file = make_file("watch-gone");
  InotifyConsumerWatch watch(file);
  {
    Opener a(file);
    EXPECT_EQ(watch.readers(), 1);
  }
  std::filesystem::remove(file);  // as when the driver is unloaded
  EXPECT_TRUE(wakes_within(watch, 60000));
  EXPECT_EQ(watch.readers(), 0);
}

TEST(InotifyConsumerWatch, MissingPathIsAnError) {
  try {
    InotifyConsumerWatch watch("/nonexistent/video10");
    FAIL() << "watching a missing path did not throw";
  } catch (const Error& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with("/nonexistent/video10: cannot watch for readers: ")) << e.what();
  }
}

}  // namespace
}  // namespace fakecam::output
