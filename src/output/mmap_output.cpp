#include "output/mmap_output.hpp"

#include <linux/videodev2.h>
#include <poll.h>
#include <sys/mman.h>

#include <cerrno>

#include "common/error.hpp"
#include "common/log.hpp"
#include "output/v4l2_node.hpp"

namespace fakecam::output {

MmapOutput::MmapOutput(int fd, std::string path, unsigned wanted_buffers, std::size_t frame_bytes)
    : fd_(fd), path_(std::move(path)) {
  v4l2_requestbuffers req{};
  req.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  req.memory = V4L2_MEMORY_MMAP;
  req.count = wanted_buffers;
  if (xioctl(fd_, VIDIOC_REQBUFS, &req) != 0) {
    fail("{}: the driver refuses memory-mapped output (VIDIOC_REQBUFS: {})", path_, errno_text(errno));
  }
  if (req.count == 0) fail("{}: the driver granted no output buffers", path_);
  buffers_.resize(req.count);
  for (unsigned i = 0; i < req.count; ++i) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    buf.memory = V4L2_MEMORY_MMAP;
    buf.index = i;
    if (xioctl(fd_, VIDIOC_QUERYBUF, &buf) != 0) {
      fail("{}: VIDIOC_QUERYBUF {} failed: {}", path_, i, errno_text(errno));
    }
    if (buf.length < frame_bytes) {
      fail("{}: output buffer {} holds {} bytes, a frame needs {}", path_, i, buf.length, frame_bytes);
    }
    void* data = ::mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, buf.m.offset);
    if (data == MAP_FAILED) fail("{}: cannot map output buffer {}: {}", path_, i, errno_text(errno));
    buffers_[i] = {data, buf.length, false};
  }
  spdlog::debug("{}: {} mmap output buffers of {} bytes", path_, buffers_.size(), buffers_.front().length);
}

MmapOutput::~MmapOutput() {
  if (streaming_) {
    int type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    xioctl(fd_, VIDIOC_STREAMOFF, &type);
  }
  for (const auto& b : buffers_) {
    if (b.data != nullptr) ::munmap(b.data, b.length);
  }
  // No REQBUFS(0): closing the fd frees them, and on v4l2loopback a REQBUFS
  // re-initialises buffers a still-streaming reader is using.
}

bool MmapOutput::dequeue_one(std::chrono::milliseconds wait) {
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
  if (xioctl(fd_, VIDIOC_DQBUF, &buf) != 0) {
    // EAGAIN: nothing free after all. EBUSY/EPIPE: no reader drains buffers on
    // some drivers. Either way: no buffer for this frame.
    if (errno == EAGAIN || errno == EBUSY || errno == EPIPE) return false;
    fail("{}: VIDIOC_DQBUF failed: {}", path_, errno_text(errno));
  }
  if (buf.index >= buffers_.size()) fail("{}: the driver returned unknown buffer {}", path_, buf.index);
  buffers_[buf.index].with_driver = false;
  return true;
}

std::uint8_t* MmapOutput::acquire(std::chrono::milliseconds wait) {
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < buffers_.size(); ++i) {
      if (!buffers_[i].with_driver) {
        current_ = static_cast<int>(i);
        return static_cast<std::uint8_t*>(buffers_[i].data);
      }
    }
    if (pass == 0 && !dequeue_one(wait)) break;
  }
  current_ = -1;
  return nullptr;
}

void MmapOutput::queue(std::size_t bytes_used) {
  if (current_ < 0) fail("{}: internal error: queue() without a buffer", path_);
  v4l2_buffer buf{};
  buf.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  buf.memory = V4L2_MEMORY_MMAP;
  buf.index = static_cast<unsigned>(current_);
  buf.bytesused = static_cast<unsigned>(bytes_used);
  buf.field = V4L2_FIELD_NONE;
  if (xioctl(fd_, VIDIOC_QBUF, &buf) != 0) fail("{}: VIDIOC_QBUF failed: {}", path_, errno_text(errno));
  buffers_[static_cast<std::size_t>(current_)].with_driver = true;
  current_ = -1;
  if (!streaming_) {
    int type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    if (xioctl(fd_, VIDIOC_STREAMON, &type) != 0) fail("{}: VIDIOC_STREAMON failed: {}", path_, errno_text(errno));
    streaming_ = true;
  }
}

}  // namespace fakecam::output
