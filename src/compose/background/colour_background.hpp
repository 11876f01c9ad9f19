// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A solid colour background (--background-colour): one row, made once per
// frame width, serves every row of the frame.

#include <vector>

#include "compose/background/background.hpp"

namespace fakecam::compose {

class ColourBackground final : public Background {
 public:
  explicit ColourBackground(cv::Vec3b bgr) : colour_(bgr) {}
  void prepare(const BackgroundInput& input) override;
  const std::uint8_t* row(int, std::uint8_t*) override { return row_.data(); }
  bool supports_yuv() const override { return true; }
  void prepare_yuv(const YuvBackgroundInput& input) override;
  const std::uint8_t* yuv_row(YuvPlane plane, int, std::uint8_t*) override {
    return yuv_rows_[static_cast<int>(plane)].data();
  }
  bool is_still() const override { return true; }
  std::uint64_t version() const override { return row_.size(); }

 private:
  cv::Vec3b colour_;
  std::vector<std::uint8_t> row_;
  std::vector<std::uint8_t> yuv_rows_[3];  // one row each of Y, U, V
};

}  // namespace fakecam::compose
