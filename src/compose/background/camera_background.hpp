// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The real background, unchanged (--no-background, --background=no): the
// camera frame's own rows. Used when something else still needs the person
// mask (effects on the person, an overlay); with nothing to do the
// compositor passes the frame through instead.

#include "compose/background/background.hpp"

namespace fakecam::compose {

class CameraBackground final : public Background {
 public:
  // Keeps a view of the frame: its rows are read while the blender writes
  // the same row of the output (which may be the frame itself), never later.
  void prepare(const BackgroundInput& input) override { frame_ = input.frame; }
  const std::uint8_t* row(int y, std::uint8_t*) override { return frame_.ptr<std::uint8_t>(y); }

  // The same on the YUV path (--light over the real background).
  bool supports_yuv() const override { return true; }
  void prepare_yuv(const YuvBackgroundInput& input) override {
    planes_[0] = input.frame.y();
    planes_[1] = input.frame.u();
    planes_[2] = input.frame.v();
  }
  const std::uint8_t* yuv_row(YuvPlane plane, int y, std::uint8_t*) override {
    return planes_[static_cast<int>(plane)].ptr<std::uint8_t>(y);
  }

 private:
  cv::Mat frame_;
  cv::Mat planes_[3];
};

}  // namespace fakecam::compose
