// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/output_queue.hpp"

#include <linux/videodev2.h>
#include <poll.h>

#include <cerrno>

#include "common/error.hpp"
#include "common/log.hpp"
#include "v4l2/ioctl.hpp"

namespace fakecam::v4l2 {

OutputQueue::OutputQueue(int fd, std::string path, unsigned wanted_buffers, std::size_t frame_bytes)
    : fd_(fd), path_(std::move(path)) {
  v4l2_requestbuffers req{};
  req.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  req.memory = V4L2_MEMORY_MMAP;
  req.count = wanted_buffers;
  if (const int err = ioctl(fd_, VIDIOC_REQBUFS, &req); err != 0) {
    fail("{}: the driver refuses memory-mapped output (VIDIOC_REQBUFS: {})", path_, errno_text(err));
  }
  if (req.count == 0) fail("{}: the driver granted no output buffers", path_);
  buffers_.reserve(req.count);
  for (unsigned i = 0; i < req.count; ++i) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    buf.memory = V4L2_MEMORY_MMAP;
    buf.index = i;
    if (const int err = ioctl(fd_, VIDIOC_QUERYBUF, &buf); err != 0) {
      fail("{}: VIDIOC_QUERYBUF {} failed: {}", path_, i, errno_text(err));
    }
    if (buf.length < frame_bytes) {
      fail("{}: output buffer {} holds {} bytes, a frame needs {}", path_, i, buf.length, frame_bytes);
    }
    try {
      buffers_.push_back({Mapping(fd_, buf.length, buf.m.offset), false});
    } catch (const Error& e) {
      fail("{}: cannot map output buffer {}: {}", path_, i, e.what());
    }
  }
  spdlog::debug("{}: {} mmap output buffers of {} bytes", path_, buffers_.size(), buffers_.front().mapping.length());
}

OutputQueue::~OutputQueue() {
  if (streaming_) {
    int type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    ioctl(fd_, VIDIOC_STREAMOFF, &type);
  }
  // The mappings unmap themselves.
  // No REQBUFS(0): closing the fd frees them, and on v4l2loopback a REQBUFS
  // re-initialises buffers a still-streaming reader is using.
}

bool OutputQueue::dequeue_one(std::chrono::milliseconds wait) {
  pollfd pfd{fd_, POLLOUT, 0};
  int ready = 0;
  do {
    ready = ::poll(&pfd, 1, static_cast<int>(wait.count()));
  } while (ready < 0 && errno == EINTR);
  if (ready < 0) fail("{}: poll failed: {}", path_, errno_text(errno));
  if (ready == 0) return false;
  if ((pfd.revents & (POLLERR | POLLNVAL)) != 0 && (pfd.revents & POLLOUT) == 0) {
    fail("{}: the device reports an error (was the driver unloaded?)", path_);
  }
  v4l2_buffer buf{};
  buf.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  buf.memory = V4L2_MEMORY_MMAP;
  if (const int err = ioctl(fd_, VIDIOC_DQBUF, &buf); err != 0) {
    // EAGAIN: nothing free after all. EBUSY/EPIPE: no reader drains buffers on
    // some drivers. Either way: no buffer for this frame.
    if (err == EAGAIN || err == EBUSY || err == EPIPE) return false;
    fail("{}: VIDIOC_DQBUF failed: {}", path_, errno_text(err));
  }
  if (buf.index >= buffers_.size()) fail("{}: the driver returned unknown buffer {}", path_, buf.index);
  buffers_[buf.index].with_driver = false;
  return true;
}

std::uint8_t* OutputQueue::acquire(std::chrono::milliseconds wait) {
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < buffers_.size(); ++i) {
      if (!buffers_[i].with_driver) {
        current_ = static_cast<int>(i);
        return buffers_[i].mapping.data();
      }
    }
    if (pass == 0 && !dequeue_one(wait)) break;
  }
  current_ = -1;
  return nullptr;
}

void OutputQueue::queue(std::size_t bytes_used) {
  if (current_ < 0) fail("{}: internal error: queue() without a buffer", path_);
  v4l2_buffer buf{};
  buf.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  buf.memory = V4L2_MEMORY_MMAP;
  buf.index = static_cast<unsigned>(current_);
  buf.bytesused = static_cast<unsigned>(bytes_used);
  buf.field = V4L2_FIELD_NONE;
  if (const int err = ioctl(fd_, VIDIOC_QBUF, &buf); err != 0)
    fail("{}: VIDIOC_QBUF failed: {}", path_, errno_text(err));
  buffers_[static_cast<std::size_t>(current_)].with_driver = true;
  current_ = -1;
  if (!streaming_) {
    int type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    if (const int err = ioctl(fd_, VIDIOC_STREAMON, &type); err != 0) {
      fail("{}: VIDIOC_STREAMON failed: {}", path_, errno_text(err));
    }
    streaming_ = true;
  }
}

}  // namespace fakecam::v4l2
