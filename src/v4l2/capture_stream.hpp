// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// mmap streaming from a V4L2 capture node: the buffers are requested, mapped
// and queued, and handed out newest-first. Owns the streaming state and the
// mappings and gives them back in its destructor.

#include <linux/videodev2.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/frame.hpp"
#include "v4l2/capture_device.hpp"
#include "v4l2/mapping.hpp"

namespace fakecam::v4l2 {

class CaptureStream;

// A filled buffer, lent out by CaptureStream::next() until the guard goes away.
class CaptureBuffer {
 public:
  CaptureBuffer(CaptureStream& stream, const v4l2_buffer& info, std::span<const std::uint8_t> data);
  ~CaptureBuffer();  // hands the buffer back to the driver
  CaptureBuffer(CaptureBuffer&& other) noexcept;
  CaptureBuffer(const CaptureBuffer&) = delete;
  CaptureBuffer& operator=(const CaptureBuffer&) = delete;
  CaptureBuffer& operator=(CaptureBuffer&&) = delete;

  std::span<const std::uint8_t> data() const { return data_; }
  bool error_flagged() const { return (info_.flags & V4L2_BUF_FLAG_ERROR) != 0; }
  // When the driver captured it, if it says so on the monotonic clock
  // (steady_clock's); otherwise nullopt.
  std::optional<Clock::time_point> timestamp() const;

 private:
  CaptureStream* stream_;
  v4l2_buffer info_;
  std::span<const std::uint8_t> data_;
};

class CaptureStream {
 public:
  // Requests `count` mmap buffers, queues them all and starts streaming.
  CaptureStream(CaptureDevice& device, int count);
  ~CaptureStream();  // stops streaming; the buffers are unmapped, and freed when the device closes
  CaptureStream(const CaptureStream&) = delete;
  CaptureStream& operator=(const CaptureStream&) = delete;

  // Waits up to `timeout` for a filled buffer. When several are ready, the
  // newest is returned and the older ones go straight back to the driver, so
  // a slow consumer sees fresh frames rather than a growing delay. nullopt on
  // timeout. Throws DeviceLost when the camera is gone.
  std::optional<CaptureBuffer> next(std::chrono::milliseconds timeout);

 private:
  friend class CaptureBuffer;
  void requeue(const v4l2_buffer& buffer);
  std::optional<v4l2_buffer> dequeue();

  CaptureDevice& device_;
  std::vector<Mapping> mappings_;
  bool streaming_ = false;
  int requeue_error_ = 0;  // from a CaptureBuffer destructor, reported by the next next()
};

}  // namespace fakecam::v4l2
