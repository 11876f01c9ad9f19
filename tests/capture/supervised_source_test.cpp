// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/supervised_source.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <thread>

namespace fakecam::capture {
namespace {

using namespace std::chrono_literals;

// Delivers `frames` frames of a solid colour, then either reports the device
// lost or just stops delivering (waiting out each timeout like a camera).
class FakeCamera final : public FrameSource {
 public:
  FakeCamera(cv::Size size, int colour, int frames, bool then_lost)
      : size_(size), colour_(colour), frames_(frames), then_lost_(then_lost) {}
  bool read(Frame& frame, std::chrono::milliseconds timeout) override {
    if (frames_ == 0) {
      if (then_lost_) throw DeviceLost("/dev/fake: the camera disappeared (No such device)");
      std::this_thread::sleep_for(timeout);
      return false;
    }
    --frames_;
    frame.image.create(size_, CV_8UC3);
    frame.image.setTo(cv::Scalar::all(colour_));
    return true;
  }
  cv::Size size() const override { return size_; }
  double fps() const override { return 30; }
  std::string description() const override { return "/dev/fake colour " + std::to_string(colour_); }

 private:
  cv::Size size_;
  int colour_;
  int frames_;
  bool then_lost_;
};

// Each open takes the next step: a camera, or an error.
struct Script {
  struct Step {
    std::unique_ptr<FrameSource> camera;
    std::string error;
  };
  std::deque<Step> steps;
  int opens = 0;
  SupervisedSource::Opener opener() {
    return [this]() -> std::unique_ptr<FrameSource> {
      ++opens;
      if (steps.empty()) throw Error("/dev/fake: no such device");
      Step step = std::move(steps.front());
      steps.pop_front();
      if (!step.camera) throw Error(step.error);
      return std::move(step.camera);
    };
  }
  void camera(cv::Size size, int colour, int frames, bool then_lost) {
    steps.push_back({std::make_unique<FakeCamera>(size, colour, frames, then_lost), {}});
  }
  void failure(std::string error) { steps.push_back({nullptr, std::move(error)}); }
};

constexpr SupervisedSource::Timing kNoWaiting{0ms, 0ms};
using Read = SupervisedSource::Read;

// Reads with decoding, returning the colour read (-1: none).
int read_colour(SupervisedSource& source, std::chrono::milliseconds timeout = 0ms) {
  Frame frame;
  if (source.next(frame, true, timeout) != Read::frame) return -1;
  return static_cast<int>(cv::mean(frame.image)[0]);
}

TEST(SupervisedSource, ComesBackAfterTheDeviceIsLost) {
  Script script;
  script.failure("/dev/fake: no such device");
  script.failure("/dev/fake: permission denied");
  script.camera({64, 48}, 20, 100, false);
  SupervisedSource source(script.opener(), std::make_unique<FakeCamera>(cv::Size(64, 48), 10, 2, true), kNoWaiting);
  int changes = 0;
  source.on_change([&] { ++changes; });
  EXPECT_TRUE(source.is_open());
  EXPECT_FALSE(source.lost());
  EXPECT_EQ(source.description(), "/dev/fake colour 10");
  EXPECT_EQ(read_colour(source), 10);
  EXPECT_EQ(read_colour(source), 10);

  // Lost: next() reports "no frame" instead of throwing, and keeps trying.
  EXPECT_EQ(read_colour(source), -1);
  EXPECT_FALSE(source.is_open());
  EXPECT_TRUE(source.lost());
  EXPECT_NE(source.problem().find("disappeared"), std::string::npos) << source.problem();
  EXPECT_EQ(changes, 1);

  EXPECT_EQ(read_colour(source), -1);
  EXPECT_EQ(source.problem(), "/dev/fake: no such device");
  EXPECT_EQ(read_colour(source), -1);
  EXPECT_EQ(source.problem(), "/dev/fake: permission denied");
  EXPECT_EQ(source.reconnects(), 0);
  EXPECT_EQ(changes, 1) << "failed reopens while lost change nothing";

  EXPECT_EQ(read_colour(source), 20);
  EXPECT_TRUE(source.is_open());
  EXPECT_FALSE(source.lost());
  EXPECT_EQ(source.problem(), "");
  EXPECT_EQ(source.reconnects(), 1);
  EXPECT_EQ(source.description(), "/dev/fake colour 20");
  EXPECT_EQ(script.opens, 3);
  EXPECT_EQ(changes, 2);
}

TEST(SupervisedSource, WaitsTheRetryIntervalBetweenAttempts) {
  Script script;
  script.camera({64, 48}, 20, 1, false);
  SupervisedSource source(script.opener(), std::make_unique<FakeCamera>(cv::Size(64, 48), 10, 0, true), {1h, 0ms});
  EXPECT_EQ(read_colour(source), -1);  // lost; next attempt in an hour
  EXPECT_EQ(read_colour(source, 1ms), -1);
  EXPECT_EQ(read_colour(source), -1);
  EXPECT_EQ(script.opens, 0);
  EXPECT_TRUE(source.lost());
}

TEST(SupervisedSource, AStalledCameraIsReopened) {
  // A v4l2loopback "webcam" whose producer died delivers nothing, no error.
  Script script;
  script.camera({32, 24}, 30, 1, false);
  SupervisedSource source(script.opener(), std::make_unique<FakeCamera>(cv::Size(64, 48), 10, 1, false), {0ms, 1ms});
  EXPECT_EQ(read_colour(source), 10);
  EXPECT_EQ(read_colour(source, 2ms), -1);  // the fake waits 2 ms > the 1 ms stall limit
  EXPECT_TRUE(source.lost());
  EXPECT_NE(source.problem().find("no frames for"), std::string::npos) << source.problem();
  EXPECT_EQ(read_colour(source), 30);
  // It came back in another mode: size() follows.
  EXPECT_EQ(source.size(), cv::Size(32, 24));
}

TEST(SupervisedSource, AStallCountsSkippedFramesAsDelivered) {
  // --max-fps consumes frames undecoded: those keep the input alive too.
  Script script;
  SupervisedSource source(script.opener(), std::make_unique<FakeCamera>(cv::Size(64, 48), 10, 3, false), {0ms, 1h});
  Frame frame;
  EXPECT_EQ(source.next(frame, false, 0ms), Read::skipped);
  EXPECT_TRUE(frame.image.empty()) << "a skipped frame is not handed out";
  EXPECT_EQ(source.next(frame, true, 0ms), Read::frame);
  EXPECT_FALSE(frame.image.empty());
  EXPECT_EQ(source.next(frame, false, 0ms), Read::skipped);
  EXPECT_EQ(source.next(frame, false, 2ms), Read::none);  // out of frames, far from the stall limit
  EXPECT_FALSE(source.lost());
}

TEST(SupervisedSource, AnInputAbsentAtStartIsWaitedFor) {
  Script script;
  script.failure("/dev/fake: no such device");
  script.camera({64, 48}, 20, 5, false);
  SupervisedSource source(script.opener(), nullptr, kNoWaiting);
  EXPECT_FALSE(source.is_open());
  EXPECT_TRUE(source.lost());
  EXPECT_EQ(read_colour(source), -1);
  EXPECT_EQ(read_colour(source), 20);
  EXPECT_EQ(source.reconnects(), 1);
  EXPECT_EQ(script.opens, 2);
}

TEST(SupervisedSource, ReleaseClosesTheInputAndTheNextReadReopensItAtOnce) {
  Script script;
  script.camera({64, 48}, 20, 5, false);
  // A long retry interval: a reopen after release() must not wait for it.
  SupervisedSource source(script.opener(), std::make_unique<FakeCamera>(cv::Size(64, 48), 10, 5, false), {1h, 0ms});
  EXPECT_EQ(read_colour(source), 10);
  EXPECT_TRUE(source.release());
  EXPECT_FALSE(source.is_open());
  EXPECT_FALSE(source.lost()) << "released, not lost";
  EXPECT_FALSE(source.release()) << "already closed";
  EXPECT_EQ(read_colour(source), 20);
  EXPECT_EQ(source.reconnects(), 0) << "a reopen after idling is no reconnect";
}

}  // namespace
}  // namespace fakecam::capture
