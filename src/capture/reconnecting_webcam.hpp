#pragma once
// A webcam that survives being unplugged: when the device disappears (or
// stops delivering frames for a while) it is closed and reopened about once a
// second until it is back. Meanwhile read() just times out, so the app keeps
// sending its last frame (or a placeholder) to the virtual camera and viewers
// in a call see a frozen picture instead of a dead camera.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "capture/frame_source.hpp"

namespace fakecam::capture {

class ReconnectingWebcam final : public FrameSource {
 public:
  enum class State { streaming, reconnecting };

  using Opener = std::function<std::unique_ptr<FrameSource>()>;

  struct Timing {
    std::chrono::milliseconds retry_interval{1000};
    // No frame for this long counts as lost (a v4l2loopback "webcam" whose
    // producer died, a UVC camera that silently stopped). Zero disables.
    std::chrono::milliseconds stall_timeout{5000};
  };

  // Opens the webcam now; the first open's errors (no such device, busy,
  // permission...) are thrown, since nothing has worked yet.
  explicit ReconnectingWebcam(WebcamOptions options);
  ReconnectingWebcam(WebcamOptions options, Timing timing);
  // For tests: `open` stands in for open_webcam().
  ReconnectingWebcam(Opener open, Timing timing);

  // Never throws DeviceLost: returns false (after at most `timeout`) while the
  // camera is away, retrying to open it every retry_interval.
  bool read(Frame& frame, std::chrono::milliseconds timeout) override;
  // The size and rate of the current (or last) connection; a camera that
  // comes back in another mode changes them, so check size() after reads.
  cv::Size size() const override { return size_; }
  double fps() const override { return fps_; }
  std::string description() const override { return description_; }

  State state() const { return source_ ? State::streaming : State::reconnecting; }
  // Why the camera is away ("" while streaming), for the status line.
  const std::string& problem() const { return problem_; }
  // How many times the camera came back.
  int reconnects() const { return reconnects_; }

 private:
  void lost(const std::string& why);
  bool try_open();

  Opener open_;
  Timing timing_;
  std::unique_ptr<FrameSource> source_;
  cv::Size size_;
  double fps_ = 0;
  std::string description_;
  std::string problem_;
  int reconnects_ = 0;
  Clock::time_point last_frame_{};
  Clock::time_point next_attempt_{};
  std::uint64_t sequence_ = 0;  // continues across reconnections
};

}  // namespace fakecam::capture
