// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/event_loop.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include <array>
#include <cerrno>

#include "common/error.hpp"
#include "common/thread_name.hpp"

namespace fakecam {

namespace {

// poll's and epoll's bits have the same values on Linux (EPOLLIN == POLLIN ...).
std::uint32_t epoll_events(short events) { return static_cast<std::uint32_t>(static_cast<unsigned short>(events)); }

void wake(int fd) {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(fd, &one, sizeof one);
}

}  // namespace

EventLoop::Watch::Watch(Watch&& other) noexcept
    : loop_(std::exchange(other.loop_, nullptr)), id_(other.id_), fd_(other.fd_) {}

EventLoop::Watch& EventLoop::Watch::operator=(Watch&& other) noexcept {
  if (this != &other) {
    reset();
    loop_ = std::exchange(other.loop_, nullptr);
    id_ = other.id_;
    fd_ = other.fd_;
  }
  return *this;
}

void EventLoop::Watch::reset() {
  if (loop_ != nullptr) std::exchange(loop_, nullptr)->remove(id_);
}

void EventLoop::Watch::set_events(short events) {
  if (loop_ != nullptr) loop_->modify(id_, fd_, epoll_events(events));
}

void EventLoop::Timer::start_at(Clock::time_point when, Clock::duration period) {
  if (loop_ == nullptr) return;
  auto to_timespec = [](Clock::duration d) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
    return timespec{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  };
  itimerspec spec{};
  // steady_clock is CLOCK_MONOTONIC; a time already past fires at once (a
  // zero it_value would disarm instead).
  spec.it_value = to_timespec(std::max(when.time_since_epoch(), Clock::duration(1)));
  spec.it_interval = to_timespec(period);
  if (::timerfd_settime(fd_, TFD_TIMER_ABSTIME, &spec, nullptr) != 0) fail("cannot set a timer: {}", errno_text(errno));
}

void EventLoop::Timer::cancel() {
  if (loop_ == nullptr) return;
  const itimerspec off{};
  ::timerfd_settime(fd_, 0, &off, nullptr);
}

EventLoop::EventLoop() {
  epoll_.reset(::epoll_create1(EPOLL_CLOEXEC));
  wake_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!epoll_ || !wake_) fail("cannot make an event loop: {}", errno_text(errno));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = 0;  // ids start at 1
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &ev) != 0)
    fail("cannot make an event loop: {}", errno_text(errno));
}

EventLoop::~EventLoop() { stop(); }

std::uint64_t EventLoop::add(int fd, UniqueFd owned, std::uint32_t events, std::function<void(short)> on_ready) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  auto entry = std::make_shared<Entry>();
  entry->fd = fd;
  entry->owned = std::move(owned);
  entry->on_ready = std::move(on_ready);
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = id;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0)
    fail("cannot watch descriptor {}: {}", fd, errno_text(errno));
  entries_.emplace(id, std::move(entry));
  return id;
}

void EventLoop::remove(std::uint64_t id) {
  std::shared_ptr<Entry> entry;
  std::unique_lock lock(mutex_);
  const auto it = entries_.find(id);
  if (it == entries_.end()) return;
  entry = std::move(it->second);
  entries_.erase(it);
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, entry->fd, nullptr);
  // From another thread: once this returns, its callback is not running
  // either (its owner may be destroyed next).
  if (!on_loop_thread()) callback_done_.wait(lock, [&] { return running_id_ != id; });
}

void EventLoop::modify(std::uint64_t id, int fd, std::uint32_t events) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = id;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &ev);
}

EventLoop::Watch EventLoop::watch(int fd, short events, std::function<void(short)> on_ready, bool edge_triggered) {
  const std::uint32_t mask = epoll_events(events) | (edge_triggered ? EPOLLET : 0u);
  return Watch(this, add(fd, UniqueFd(), mask, std::move(on_ready)), fd);
}

EventLoop::Timer EventLoop::timer(std::function<void()> on_time) {
  UniqueFd fd(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
  if (!fd) fail("cannot make a timer: {}", errno_text(errno));
  const int raw = fd.get();
  auto on_ready = [raw, on_time = std::move(on_time)](short) {
    std::uint64_t expirations = 0;
    if (::read(raw, &expirations, sizeof expirations) == static_cast<ssize_t>(sizeof expirations)) on_time();
  };
  return Timer(this, add(raw, std::move(fd), EPOLLIN, std::move(on_ready)), raw);
}

EventLoop::Watch EventLoop::signals(const sigset_t& set, std::function<void(int)> on_signal) {
  UniqueFd fd(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
  if (!fd) fail("cannot watch signals: {}", errno_text(errno));
  const int raw = fd.get();
  auto on_ready = [raw, on_signal = std::move(on_signal)](short) {
    signalfd_siginfo info{};
    while (::read(raw, &info, sizeof info) == static_cast<ssize_t>(sizeof info))
      on_signal(static_cast<int>(info.ssi_signo));
  };
  return Watch(this, add(raw, std::move(fd), EPOLLIN, std::move(on_ready)), raw);
}

void EventLoop::call(const std::function<void()>& fn) {
  std::unique_lock lock(mutex_);
  if (!running_ || on_loop_thread()) {
    lock.unlock();
    fn();
    return;
  }
  calls_.push_back(&fn);
  const std::uint64_t done_after = calls_done_ + calls_.size();
  wake(wake_.get());
  callback_done_.wait(lock, [&] { return calls_done_ >= done_after; });
}

void EventLoop::run_calls(std::unique_lock<std::mutex>& lock) {
  while (!calls_.empty()) {
    std::vector<const std::function<void()>*> calls;
    calls.swap(calls_);
    lock.unlock();
    for (const auto* fn : calls) (*fn)();
    lock.lock();
    calls_done_ += calls.size();
    callback_done_.notify_all();
  }
}

void EventLoop::run() {
  name_this_thread("events");
  {
    std::lock_guard lock(mutex_);
    running_ = true;
  }
  running_on_ = std::this_thread::get_id();
  std::array<epoll_event, 16> events{};
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    const int n = ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()), -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("event loop: {}", errno_text(errno));
    }
    for (int i = 0; i < n; ++i) {
      // A copy: epoll_event is packed on x86-64, so its u64 is misaligned and
      // binding find()'s const reference to it is undefined behaviour.
      const std::uint64_t id = events[static_cast<std::size_t>(i)].data.u64;
      if (id == 0) {  // stop(): drained, checked at the top
        std::uint64_t count = 0;
        [[maybe_unused]] const auto r = ::read(wake_.get(), &count, sizeof count);
        std::unique_lock lock(mutex_);
        run_calls(lock);
        continue;
      }
      std::shared_ptr<Entry> entry;
      {
        std::lock_guard lock(mutex_);
        if (stopping_) break;
        const auto it = entries_.find(id);
        if (it == entries_.end()) continue;  // removed by an earlier callback of this round
        entry = it->second;
        running_id_ = it->first;
      }
      entry->on_ready(static_cast<short>(events[static_cast<std::size_t>(i)].events));
      {
        std::lock_guard lock(mutex_);
        running_id_ = 0;
      }
      callback_done_.notify_all();
    }
  }
  // Calls that came while stopping run here, before the loop counts as
  // stopped (later ones run on their caller's thread).
  std::unique_lock lock(mutex_);
  run_calls(lock);
  running_ = false;
  running_on_ = std::thread::id();
}

void EventLoop::start() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void EventLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake(wake_.get());
  if (thread_.joinable() && std::this_thread::get_id() != thread_.get_id()) thread_.join();
}

BlockedSignals::BlockedSignals(const sigset_t& set) {
  if (::pthread_sigmask(SIG_BLOCK, &set, &previous_) != 0) fail("cannot block signals");
}

BlockedSignals::~BlockedSignals() { ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

}  // namespace fakecam
