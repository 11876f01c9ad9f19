// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/yuv_model_input.hpp"

#include <libyuv/convert_argb.h>
#include <libyuv/scale.h>

#include "common/error.hpp"

namespace fakecam::segment {

void YuvModelInput::make(const YuvImage& frame, cv::Size size, cv::Mat& out) {
  if (frame.empty() || size.empty()) fail("segmenter: empty frame or model size");
  // Chroma goes straight to the model's full size (4:4:4 there): averaging
  // it to half size and then repeating each sample over 2x2 pixels would
  // blur the colour edges the model sees.
  const std::size_t plane = static_cast<std::size_t>(size.area());
  planes_.resize(3 * plane);
  std::uint8_t* reduced[3] = {planes_.data(), planes_.data() + plane, planes_.data() + 2 * plane};
  const cv::Mat sources[3] = {frame.y(), frame.u(), frame.v()};
  for (int p = 0; p < 3; ++p) {
    const cv::Mat& src = sources[p];
    libyuv::ScalePlane(src.data, static_cast<int>(src.step), src.cols, src.rows, reduced[p], size.width, size.width,
                       size.height, libyuv::kFilterBox);
  }
  out.create(size, CV_8UC3);
  libyuv::I444ToRGB24(reduced[0], size.width, reduced[1], size.width, reduced[2], size.width, out.data,
                      static_cast<int>(out.step), size.width, size.height);
}

}  // namespace fakecam::segment
