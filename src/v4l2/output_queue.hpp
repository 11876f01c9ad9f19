// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// V4L2 memory-mapped streaming output: REQBUFS, QUERYBUF + mmap per buffer,
// then fill / QBUF / DQBUF, with STREAMON after the first frame is queued.
//
// Why not write(): on v4l2loopback 0.12.7 (Debian 12) a producer that used
// write() leaves the device refusing the next producer (VIDIOC_G_FMT: EINVAL,
// upstream #470) because only STREAMON marks an opener as the writer whose
// close re-opens the device for output. mmap producers leave it healthy.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "v4l2/mapping.hpp"

namespace fakecam::v4l2 {

class OutputQueue {
 public:
  // `fd`: an open output node with its format set (not owned). Asks for
  // `wanted_buffers` (the driver may grant fewer); each must hold
  // `frame_bytes`. Throws Error naming `path`.
  OutputQueue(int fd, std::string path, unsigned wanted_buffers, std::size_t frame_bytes);
  ~OutputQueue();
  OutputQueue(const OutputQueue&) = delete;
  OutputQueue& operator=(const OutputQueue&) = delete;

  std::size_t buffer_count() const { return buffers_.size(); }

  // A buffer to fill: one the driver has not been given, or one it hands back
  // within `wait` (poll, then a non-blocking DQBUF). nullptr if none is free:
  // the caller drops the frame instead of stalling the pipeline.
  std::uint8_t* acquire(std::chrono::milliseconds wait);

  // Gives the buffer from the last acquire() to the driver.
  void queue(std::size_t bytes_used);

 private:
  struct Buffer {
    Mapping mapping;
    bool with_driver = false;
  };
  bool dequeue_one(std::chrono::milliseconds wait);

  int fd_;
  std::string path_;
  std::vector<Buffer> buffers_;
  int current_ = -1;
  bool streaming_ = false;
};

}  // namespace fakecam::v4l2
