// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/yuv_model_input.hpp"

#include <libyuv/convert_argb.h>
#include <libyuv/scale.h>
#include <opencv2/imgproc.hpp>

#include "common/error.hpp"

namespace fakecam::segment {

namespace {

// `from` box-filtered to `to`'s size (libyuv: averages, any ratio).
void box_scale(const cv::Mat& from, cv::Mat& to) {
  libyuv::ScalePlane(from.data, static_cast<int>(from.step), from.cols, from.rows, to.data, static_cast<int>(to.step),
                     to.cols, to.rows, libyuv::kFilterBox);
}

}  // namespace

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
    // The plane's largest exact reduction by 2, 4 or 8 that stays at least
    // the model's size (libyuv's SIMD box rows for those factors), then a
    // bilinear step of less than 2x to the model's size. libyuv's box over
    // the whole 5x or 7.5x step went through its general, slower path
    // (bench/segment BM_YuvModelInput: 249 -> 93 us at 720p, 345 -> 136 at
    // 1080p); it is kept for what is left when the plane's size allows no
    // exact reduction.
    const cv::Mat* from = &sources[p];
    int factor = 1;
    while (factor < 8 && from->cols % (factor * 2) == 0 && from->rows % (factor * 2) == 0 &&
           from->cols / (factor * 2) >= size.width && from->rows / (factor * 2) >= size.height) {
      factor *= 2;
    }
    cv::Mat reduced_plane(size, CV_8UC1, reduced[p]);
    if (factor > 1) {
      // Straight into the model's plane when the exact step lands on its size.
      cv::Mat& to = from->size() / factor == size ? reduced_plane : boxed_[p];
      to.create(from->size() / factor, CV_8UC1);
      box_scale(*from, to);
      if (&to == &reduced_plane) continue;
      from = &to;
    }
    if (from->cols < 2 * size.width && from->rows < 2 * size.height) {
      cv::resize(*from, reduced_plane, size, 0, 0, cv::INTER_LINEAR);
    } else {
      box_scale(*from, reduced_plane);
    }
  }
  out.create(size, CV_8UC3);
  libyuv::I444ToRGB24(reduced[0], size.width, reduced[1], size.width, reduced[2], size.width, out.data,
                      static_cast<int>(out.step), size.width, size.height);
}

}  // namespace fakecam::segment
