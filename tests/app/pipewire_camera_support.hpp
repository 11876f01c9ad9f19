// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the end-to-end PipeWire camera tests share: fakecam (or a consumer)
// running in the background, polling with a hang guard, what a camera frame
// shows (black, the composed picture, or wrong), and the arguments that run
// fakecam on the test photo with a solid green background.

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core.hpp>

#include "output/pipewire/private_pipewire.hpp"
#include "support/person_regions.hpp"
#include "support/test_paths.hpp"

namespace fakecam::test {

using namespace std::chrono_literals;

inline const std::filesystem::path kPerson = data_dir() / "selfie-ref" / "landscape" / "grace_hopper.png";
inline const std::filesystem::path kPersonMask = data_dir() / "selfie-ref" / "landscape" / "grace_hopper_ref.png";
inline const cv::Size kSize(512, 288);     // 16:9 like the photo; a multiple of 4 for GStreamer's BGR rows
inline const cv::Vec3b kGreen(0, 255, 0);  // BGR

// A program running in the background with its stdout and stderr in a file,
// stopped (SIGTERM, then SIGKILL) when the object goes.
class Background {
 public:
  Background(const std::vector<std::string>& argv, std::filesystem::path log);
  ~Background() { stop(); }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  pid_t pid() const { return pid_; }
  // Still the same process, not exited.
  bool running();
  // Exit status as waitpid gives it.
  int stop(int signal = SIGTERM);
  std::string log() const;
  std::size_t count_in_log(const std::string& text) const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
  std::optional<int> status_;
};

template <typename Pred>
bool wait_until(Pred pred, std::chrono::seconds guard = 60s) {
  const auto deadline = std::chrono::steady_clock::now() + guard;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// Certainly person / certainly background (tests/support/person_regions.hpp).
const PersonRegions& regions();

enum class FrameKind { black, composed, wrong };

// What a frame from the camera shows: black (the virtual camera's picture
// until the first composed frame, and while idle), the composed picture
// (every background pixel the solid green of -b, the person not green), or
// anything else.
FrameKind classify(const cv::Mat& frame);

// Checks a run of camera frames: each black or composed, black only before
// the first composed one, and the last composed. Returns how many were
// composed.
int expect_black_then_composed(const std::vector<cv::Mat>& frames, const std::string& what);

struct Fixture {
  std::filesystem::path background;  // a solid green image
  std::filesystem::path socket;      // the control socket
};

Fixture make_fixture(const PrivatePipeWire& pw);
std::vector<std::string> fakecam_args(const Fixture& f, std::vector<std::string> extra);
std::string ctl_status(const Fixture& f);

// Waits until fakecam has published its node in the private daemon.
void wait_for_node(PrivatePipeWire& pw, Background& camera, const std::string& name = "fakecam");

// gst-launch reading the camera in the background into a file written as
// frames arrive, so the test can watch them come in.
class LiveConsumer {
 public:
  static constexpr std::size_t kFrameBytes = std::size_t{512} * 288 * 3;  // kSize, BGR
  LiveConsumer(const std::string& target, std::filesystem::path out, std::filesystem::path log)
      : out_(std::move(out)),
        process_({"/usr/bin/gst-launch-1.0", "-q", "pipewiresrc", "target-object=" + target, "!", "videoconvert", "!",
                  "video/x-raw,format=BGR", "!", "filesink", "buffer-mode=unbuffered", "location=" + out_.string()},
                 std::move(log)) {}

  // Whole frames written so far.
  std::vector<cv::Mat> frames() const {
    const std::size_t count = frame_count();
    std::vector<cv::Mat> frames;
    std::ifstream in(out_, std::ios::binary);
    for (std::size_t i = 0; i < count; ++i) {
      cv::Mat frame(kSize, CV_8UC3);
      if (!in.read(reinterpret_cast<char*>(frame.data), static_cast<std::streamsize>(kFrameBytes))) break;
      frames.push_back(frame);
    }
    return frames;
  }
  std::size_t frame_count() const { return bytes() / kFrameBytes; }
  // The newest whole frame (empty if none yet): cheap enough to poll, however
  // long the consumer has been writing.
  cv::Mat last_frame() const {
    const std::size_t count = frame_count();
    if (count == 0) return {};
    cv::Mat frame(kSize, CV_8UC3);
    std::ifstream in(out_, std::ios::binary);
    in.seekg(static_cast<std::streamoff>((count - 1) * kFrameBytes));
    if (!in.read(reinterpret_cast<char*>(frame.data), static_cast<std::streamsize>(kFrameBytes))) return {};
    return frame;
  }
  std::size_t bytes() const {
    std::error_code ec;
    const auto size = std::filesystem::file_size(out_, ec);
    return ec ? 0 : size;
  }
  Background& process() { return process_; }

 private:
  std::filesystem::path out_;
  Background process_;
};

}  // namespace fakecam::test
