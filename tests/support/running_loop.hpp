// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An EventLoop running on its own thread for the whole test program, for
// tests of objects that are served by one (control server, status line).

#include "common/event_loop.hpp"

namespace fakecam::test {

inline EventLoop& running_loop() {
  static EventLoop loop;
  [[maybe_unused]] static const bool started = (loop.start(), true);
  return loop;
}

}  // namespace fakecam::test
