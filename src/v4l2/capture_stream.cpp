// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/capture_stream.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "common/error.hpp"
#include "v4l2/errors.hpp"

namespace fakecam::v4l2 {

CaptureStream::CaptureStream(CaptureDevice& device, int count) : device_(device) {
  const std::string& path = device_.path();
  v4l2_requestbuffers req{};
  req.count = static_cast<std::uint32_t>(count);
  req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  req.memory = V4L2_MEMORY_MMAP;
  if (const int err = device_.ioctl(VIDIOC_REQBUFS, &req); err != 0) {
    fail("{}", setup_error_message(path, "VIDIOC_REQBUFS", err));
  }
  if (req.count < 2) fail("{}: the driver gave {} capture buffer(s); at least 2 are needed", path, req.count);

  mappings_.reserve(req.count);
  for (std::uint32_t index = 0; index < req.count; ++index) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    buf.index = index;
    if (const int err = device_.ioctl(VIDIOC_QUERYBUF, &buf); err != 0) {
      fail("{}", setup_error_message(path, "VIDIOC_QUERYBUF", err));
    }
    try {
      mappings_.emplace_back(device_.fd(), buf.length, buf.m.offset);
    } catch (const Error& e) {
      fail("{}: cannot map capture buffer {}: {}", path, index, e.what());
    }
    if (const int err = device_.ioctl(VIDIOC_QBUF, &buf); err != 0) {
      fail("{}", setup_error_message(path, "VIDIOC_QBUF", err));
    }
  }
  int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  if (const int err = device_.ioctl(VIDIOC_STREAMON, &type); err != 0) {
    fail("{}", setup_error_message(path, "VIDIOC_STREAMON", err));
  }
  streaming_ = true;
}

CaptureStream::~CaptureStream() {
  if (streaming_) {
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    device_.ioctl(VIDIOC_STREAMOFF, &type);  // nothing to do if it fails: the fd closes next
  }
}

std::optional<v4l2_buffer> CaptureStream::dequeue() {
  v4l2_buffer buf{};
  buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  buf.memory = V4L2_MEMORY_MMAP;
  const int err = device_.ioctl(VIDIOC_DQBUF, &buf);
  if (err == 0) {
    if (buf.index >= mappings_.size()) fail("{}: driver returned unknown buffer {}", device_.path(), buf.index);
    return buf;
  }
  if (err == EAGAIN) return std::nullopt;
  if (is_device_gone(err))
    throw DeviceLost(fmt::format("{}: the camera disappeared ({})", device_.path(), errno_text(err)));
  fail("{}: VIDIOC_DQBUF failed: {}", device_.path(), errno_text(err));
}

void CaptureStream::requeue(const v4l2_buffer& buffer) {
  v4l2_buffer copy = buffer;
  const int err = device_.ioctl(VIDIOC_QBUF, &copy);
  if (err != 0 && requeue_error_ == 0) requeue_error_ = err;
}

std::optional<CaptureBuffer> CaptureStream::next(std::chrono::milliseconds timeout) {
  if (requeue_error_ != 0) {
    const int err = std::exchange(requeue_error_, 0);
    if (is_device_gone(err))
      throw DeviceLost(fmt::format("{}: the camera disappeared ({})", device_.path(), errno_text(err)));
    fail("{}: VIDIOC_QBUF failed: {}", device_.path(), errno_text(err));
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd pfd{device_.fd(), POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      fail("{}: poll failed: {}", device_.path(), errno_text(errno));
    }
    if (ready == 0) return std::nullopt;
    if ((pfd.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) {
      throw DeviceLost(fmt::format("{}: the camera disappeared (it stopped streaming)", device_.path()));
    }
    std::optional<v4l2_buffer> newest;
    while (auto buf = dequeue()) {
      if (newest) requeue(*newest);
      newest = buf;
    }
    if (newest) return CaptureBuffer(*this, *newest, mappings_[newest->index].bytes(newest->bytesused));
    if (Clock::now() >= deadline) return std::nullopt;
  }
}

CaptureBuffer::CaptureBuffer(CaptureStream& stream, const v4l2_buffer& info, std::span<const std::uint8_t> data)
    : stream_(&stream), info_(info), data_(data) {}

CaptureBuffer::CaptureBuffer(CaptureBuffer&& other) noexcept
    : stream_(std::exchange(other.stream_, nullptr)), info_(other.info_), data_(other.data_) {}

CaptureBuffer::~CaptureBuffer() {
  if (stream_ != nullptr) stream_->requeue(info_);
}

std::optional<Clock::time_point> CaptureBuffer::timestamp() const {
  if ((info_.flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) != V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC) return std::nullopt;
  if (info_.timestamp.tv_sec == 0 && info_.timestamp.tv_usec == 0) return std::nullopt;
  // libstdc++'s steady_clock is CLOCK_MONOTONIC, the clock V4L2 stamps with.
  const auto since_boot =
      std::chrono::seconds(info_.timestamp.tv_sec) + std::chrono::microseconds(info_.timestamp.tv_usec);
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(since_boot));
}

}  // namespace fakecam::v4l2
