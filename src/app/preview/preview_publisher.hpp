// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The running fakecam's side of `fakecam preview`: an output like the
// virtual camera, that hands every written frame to attached preview
// windows through a shared frame ring (frame_ring.hpp).
//
// A `preview` control request attaches a window: its reply carries the
// ring's memfd and one end of a socket pair, over which the publisher sends
// one byte per frame (the window waits on it) and through which it sees the
// window go away (the send fails): then it detaches, and with no window left
// it frees the ring. While none is attached, a frame costs one atomic load.

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "app/control/control_socket.hpp"
#include "app/preview/frame_ring.hpp"
#include "common/unique_fd.hpp"
#include "output/frame_sink.hpp"

namespace fakecam::app::preview {

class PreviewPublisher final : public output::FrameSink {
 public:
  // `output`: the size of the frames written (the virtual camera's).
  explicit PreviewPublisher(cv::Size output) : preview_size_(preview_size(output)) {}

  // The reply to a `preview` request: "ok preview WxH" with the ring memfd
  // and the signal socket; an error reply when they cannot be made.
  ControlReply attach();

  void write(const cv::Mat& bgr) override;
  // Converts to BGR only while a window is attached.
  void write_yuv(const YuvImage& frame) override;
  std::string description() const override;

  int attached() const { return attached_.load(std::memory_order_relaxed); }

 private:
  cv::Size preview_size_;
  std::atomic<int> attached_{0};  // the only thing write() reads when no window is attached
  std::mutex mutex_;              // guards what follows (control thread vs output thread)
  std::unique_ptr<FrameRingWriter> ring_;
  std::vector<UniqueFd> windows_;  // our ends of the signal sockets
};

}  // namespace fakecam::app::preview
