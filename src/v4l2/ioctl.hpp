// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The two things every V4L2 call site needs from the kernel interface: an
// ioctl that survives signals, and the fixed-size strings the kernel fills.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace fakecam::v4l2 {

// ioctl(2) on `fd`, retried on EINTR. Returns 0, or the errno value of the
// failure (so callers never read a stale errno after logging in between).
int ioctl(int fd, unsigned long request, void* arg);

// A kernel char array (driver, card, bus_info, description): NUL-padded, not
// necessarily NUL-terminated when full.
template <std::size_t N>
std::string kernel_text(const std::uint8_t (&field)[N]) {
  const auto* chars = reinterpret_cast<const char*>(field);
  return {chars, ::strnlen(chars, N)};
}

}  // namespace fakecam::v4l2
