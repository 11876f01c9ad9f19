// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/preview/preview_publisher.hpp"

#include <sys/socket.h>

#include <cerrno>

#include "common/error.hpp"
#include "common/log.hpp"

namespace fakecam::app::preview {

ControlReply PreviewPublisher::attach() {
  try {
    int pair[2];
    // SEQPACKET: the window's hang-up shows up as a failed send at once.
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, pair) != 0) {
      fail("preview: cannot make a socket pair: {}", errno_text(errno));
    }
    UniqueFd ours(pair[0]);
    auto theirs = std::make_shared<UniqueFd>(pair[1]);
    std::lock_guard lock(mutex_);
    if (!ring_) ring_ = std::make_unique<FrameRingWriter>(preview_size_);
    auto memory = std::make_shared<UniqueFd>(ring_->share());
    windows_.push_back(std::move(ours));
    attached_.store(static_cast<int>(windows_.size()));
    spdlog::info("preview window attached ({} open)", windows_.size());
    ControlReply reply{true, fmt::format("preview {}x{}", preview_size_.width, preview_size_.height)};
    reply.fds = {memory, theirs};
    return reply;
  } catch (const Error& e) {
    return {false, e.what()};
  }
}

void PreviewPublisher::write_yuv(const YuvImage& frame) {
  if (attached_.load(std::memory_order_relaxed) == 0) return;
  FrameSink::write_yuv(frame);
}

void PreviewPublisher::write(const cv::Mat& bgr) {
  if (attached_.load(std::memory_order_relaxed) == 0) return;  // the cost of a closed preview
  std::lock_guard lock(mutex_);
  if (!ring_) return;
  ring_->write(bgr);
  for (auto it = windows_.begin(); it != windows_.end();) {
    const char tick = 1;
    const ssize_t n = ::send(it->get(), &tick, 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    // EAGAIN: the window is behind; it reads the newest frame when it catches up.
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      it = windows_.erase(it);
      spdlog::info("preview window closed ({} open)", windows_.size());
    } else {
      ++it;
    }
  }
  attached_.store(static_cast<int>(windows_.size()));
  if (windows_.empty()) ring_.reset();
}

std::string PreviewPublisher::description() const {
  return fmt::format("preview windows ({}x{}, `fakecam preview`)", preview_size_.width, preview_size_.height);
}

}  // namespace fakecam::app::preview
