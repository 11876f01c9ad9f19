// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/pipewire/pw_handles.hpp"

#include <ctime>
#include <mutex>

namespace fakecam::output::pipewire {
namespace {

timespec to_timespec(long ns) {
  timespec ts{};
  ts.tv_sec = ns / 1'000'000'000L;
  ts.tv_nsec = ns % 1'000'000'000L;
  return ts;
}

}  // namespace

void ensure_initialised() {
  static std::once_flag once;
  // Never paired with pw_deinit(): other libraries in the process (a GStreamer
  // plugin, a test's client) may use libpipewire too, and deinit is global.
  std::call_once(once, [] { pw_init(nullptr, nullptr); });
}

void LoopTimer::arm(long delay_ns, long interval_ns) {
  if (source_ == nullptr) return;
  timespec value = to_timespec(delay_ns);  // 0 disarms
  timespec interval = to_timespec(interval_ns);
  pw_loop_update_timer(loop_, source_, &value, &interval, false);
}

void LoopTimer::reset() {
  if (source_ != nullptr) pw_loop_destroy_source(loop_, source_);
  source_ = nullptr;
}

}  // namespace fakecam::output::pipewire
