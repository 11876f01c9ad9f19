#include "capture/reconnecting_webcam.hpp"

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
    frame.sequence = 1000;  // the wrapper renumbers
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
  ReconnectingWebcam::Opener opener() {
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

constexpr ReconnectingWebcam::Timing kNoWaiting{0ms, 0ms};

TEST(ReconnectingWebcam, ComesBackAfterTheDeviceIsLost) {
  Script script;
  script.camera({64, 48}, 10, 2, true);
  script.failure("/dev/fake: no such device");
  script.failure("/dev/fake: permission denied");
  script.camera({64, 48}, 20, 100, false);
  ReconnectingWebcam webcam(script.opener(), kNoWaiting);
  EXPECT_EQ(webcam.state(), ReconnectingWebcam::State::streaming);
  EXPECT_EQ(webcam.description(), "/dev/fake colour 10");

  Frame frame;
  ASSERT_TRUE(webcam.read(frame, 0ms));
  ASSERT_TRUE(webcam.read(frame, 0ms));
  EXPECT_EQ(frame.sequence, 1u);

  // Lost: read() reports "no frame" instead of throwing, and keeps trying.
  cv::Mat last_good = frame.image.clone();
  EXPECT_FALSE(webcam.read(frame, 0ms));
  EXPECT_EQ(webcam.state(), ReconnectingWebcam::State::reconnecting);
  EXPECT_NE(webcam.problem().find("disappeared"), std::string::npos) << webcam.problem();
  EXPECT_EQ(cv::norm(frame.image, last_good, cv::NORM_INF), 0.0);  // untouched

  EXPECT_FALSE(webcam.read(frame, 0ms));
  EXPECT_EQ(webcam.problem(), "/dev/fake: no such device");
  EXPECT_FALSE(webcam.read(frame, 0ms));
  EXPECT_EQ(webcam.problem(), "/dev/fake: permission denied");
  EXPECT_EQ(webcam.reconnects(), 0);

  ASSERT_TRUE(webcam.read(frame, 0ms));
  EXPECT_EQ(webcam.state(), ReconnectingWebcam::State::streaming);
  EXPECT_EQ(webcam.problem(), "");
  EXPECT_EQ(webcam.reconnects(), 1);
  EXPECT_EQ(webcam.description(), "/dev/fake colour 20");
  EXPECT_EQ(frame.sequence, 2u);  // numbering continues across the gap
  EXPECT_EQ(cv::mean(frame.image)[0], 20);
  EXPECT_EQ(script.opens, 4);
}

TEST(ReconnectingWebcam, WaitsTheRetryIntervalBetweenAttempts) {
  Script script;
  script.camera({64, 48}, 10, 0, true);
  script.camera({64, 48}, 20, 1, false);
  ReconnectingWebcam webcam(script.opener(), {1h, 0ms});
  Frame frame;
  EXPECT_FALSE(webcam.read(frame, 0ms));  // lost; next attempt in an hour
  EXPECT_FALSE(webcam.read(frame, 1ms));
  EXPECT_FALSE(webcam.read(frame, 0ms));
  EXPECT_EQ(script.opens, 1);
  EXPECT_EQ(webcam.state(), ReconnectingWebcam::State::reconnecting);
}

TEST(ReconnectingWebcam, AStalledCameraIsReopened) {
  // A v4l2loopback "webcam" whose producer died delivers nothing, no error.
  Script script;
  script.camera({64, 48}, 10, 1, false);
  script.camera({32, 24}, 30, 1, false);
  ReconnectingWebcam webcam(script.opener(), {0ms, 1ms});
  Frame frame;
  ASSERT_TRUE(webcam.read(frame, 0ms));
  EXPECT_FALSE(webcam.read(frame, 2ms));  // the fake waits 2 ms > the 1 ms stall limit
  EXPECT_EQ(webcam.state(), ReconnectingWebcam::State::reconnecting);
  EXPECT_NE(webcam.problem().find("no frame for"), std::string::npos) << webcam.problem();
  ASSERT_TRUE(webcam.read(frame, 0ms));
  // It came back in another mode: size() follows.
  EXPECT_EQ(webcam.size(), cv::Size(32, 24));
  EXPECT_EQ(frame.image.size(), cv::Size(32, 24));
}

TEST(ReconnectingWebcam, FirstOpenFailureIsThrown) {
  Script script;
  script.failure("/dev/fake: busy: another program is using the camera");
  EXPECT_THROW(ReconnectingWebcam(script.opener(), kNoWaiting), Error);
}

}  // namespace
}  // namespace fakecam::capture
