// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Owning handles for the libpipewire objects the sink uses, so each is
// destroyed exactly once and in the right order by its owner.
//
// Order matters to libpipewire: a stream belongs to its core, a core to its
// context, and the context runs on the thread loop, so owners declare them
// loop, context, core, stream (destroyed in reverse). The thread loop must be
// stopped (without holding its lock) before the objects it serves go.

#include <memory>

#include <pipewire/pipewire.h>

namespace fakecam::output::pipewire {

// pw_init() once per process; libpipewire needs it before any other call.
void ensure_initialised();

struct ThreadLoopDeleter {
  void operator()(pw_thread_loop* loop) const {
    pw_thread_loop_stop(loop);
    pw_thread_loop_destroy(loop);
  }
};
struct ContextDeleter {
  void operator()(pw_context* context) const { pw_context_destroy(context); }
};
struct CoreDeleter {
  void operator()(pw_core* core) const { pw_core_disconnect(core); }
};
struct StreamDeleter {
  void operator()(pw_stream* stream) const { pw_stream_destroy(stream); }
};
struct RegistryDeleter {
  void operator()(pw_registry* registry) const { pw_proxy_destroy(reinterpret_cast<pw_proxy*>(registry)); }
};

using ThreadLoopPtr = std::unique_ptr<pw_thread_loop, ThreadLoopDeleter>;
using ContextPtr = std::unique_ptr<pw_context, ContextDeleter>;
using CorePtr = std::unique_ptr<pw_core, CoreDeleter>;
using StreamPtr = std::unique_ptr<pw_stream, StreamDeleter>;
using RegistryPtr = std::unique_ptr<pw_registry, RegistryDeleter>;

// A timer source on a pw_loop, removed from the loop when it goes. Create and
// destroy it with the thread loop's lock held (or from the loop thread).
class LoopTimer {
 public:
  LoopTimer() = default;
  LoopTimer(pw_loop* loop, spa_source* source) : loop_(loop), source_(source) {}
  LoopTimer(LoopTimer&& other) noexcept : loop_(other.loop_), source_(other.source_) { other.source_ = nullptr; }
  LoopTimer& operator=(LoopTimer&& other) noexcept {
    if (this != &other) {
      reset();
      loop_ = other.loop_;
      source_ = other.source_;
      other.source_ = nullptr;
    }
    return *this;
  }
  LoopTimer(const LoopTimer&) = delete;
  LoopTimer& operator=(const LoopTimer&) = delete;
  ~LoopTimer() { reset(); }

  explicit operator bool() const { return source_ != nullptr; }
  // Fires once after `delay_ns`, then every `interval_ns` (0 = once).
  void arm(long delay_ns, long interval_ns);
  void disarm() { arm(0, 0); }
  void reset();

 private:
  pw_loop* loop_ = nullptr;
  spa_source* source_ = nullptr;
};

// Holds the thread loop's lock for a scope: every call into libpipewire from
// a thread other than the loop's own goes under it.
class LoopLock {
 public:
  explicit LoopLock(pw_thread_loop* loop) : loop_(loop) { pw_thread_loop_lock(loop_); }
  ~LoopLock() { pw_thread_loop_unlock(loop_); }
  LoopLock(const LoopLock&) = delete;
  LoopLock& operator=(const LoopLock&) = delete;

 private:
  pw_thread_loop* loop_;
};

}  // namespace fakecam::output::pipewire
