// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One V4L2 mmap buffer (VIDIOC_QUERYBUF's length and offset mapped into this
// process), unmapped when destroyed. Capture and output queues hold these.

#include <cstddef>
#include <cstdint>
#include <span>

namespace fakecam::v4l2 {

class Mapping {
 public:
  // Throws Error with errno's text (the caller adds the device and buffer).
  Mapping(int fd, std::size_t length, std::uint32_t offset);
  ~Mapping();
  Mapping(Mapping&& other) noexcept;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  Mapping& operator=(Mapping&&) = delete;

  std::uint8_t* data() const { return static_cast<std::uint8_t*>(address_); }
  std::size_t length() const { return length_; }
  // The first `used` bytes (what the driver filled), never past the end.
  std::span<const std::uint8_t> bytes(std::size_t used) const;

 private:
  void* address_;
  std::size_t length_;
};

}  // namespace fakecam::v4l2
