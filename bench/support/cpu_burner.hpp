// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A thread that keeps one core busy for its lifetime: the "other load" of a
// user's machine (a video call, a browser) that a benchmark measures beside.
// Plain integer work that never sleeps, as an always-runnable competitor.

#include <atomic>
#include <cstdint>
#include <thread>

namespace fakecam::bench {

class CpuBurner {
 public:
  CpuBurner()
      : thread_([this] {
          std::uint64_t x = 88172645463325252ull;
          while (!stop_.load(std::memory_order_relaxed)) {
            for (int i = 0; i < 4096; ++i) {  // xorshift: cheap, not optimisable away
              x ^= x << 13;
              x ^= x >> 7;
              x ^= x << 17;
            }
            sink_.store(x, std::memory_order_relaxed);
          }
        }) {}
  CpuBurner(const CpuBurner&) = delete;
  CpuBurner& operator=(const CpuBurner&) = delete;
  ~CpuBurner() {
    stop_.store(true);
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> sink_{0};
  std::thread thread_;
};

}  // namespace fakecam::bench
