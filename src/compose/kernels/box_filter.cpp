// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/box_filter.hpp"

#include <algorithm>
#include <cmath>

#include <libyuv/scale.h>
#include <opencv2/imgproc.hpp>

#include "compose/kernels/kernels.hpp"

namespace fakecam::compose {

void BoxFilter::run(const cv::Mat& src, int radius, cv::Mat& dst) {
  CV_Assert(src.type() == CV_32FC1 && radius >= 0 && src.data != dst.data);
  dst.create(src.size(), CV_32FC1);
  const int w = src.cols, h = src.rows, taps = 2 * radius + 1;
  padded_.resize(static_cast<std::size_t>(w + 2 * radius));
  rows_.resize(static_cast<std::size_t>(taps));
  const float scale = 1.0f / static_cast<float>(taps * taps);
  // The column sums slide down: one row in, one row out (rows beyond the
  // border repeat the edge row). Every 16 rows they are summed afresh, so
  // float rounding cannot pile up (the guided filter subtracts close
  // numbers: var = E[I^2] - E[I]^2).
  float* column = padded_.data() + radius;
  for (int y = 0; y < h; ++y) {
    if (y % 16 == 0) {
      for (int k = 0; k < taps; ++k) rows_[k] = src.ptr<float>(std::clamp(y + k - radius, 0, h - 1));
      kernels::sum_rows_f32(rows_.data(), taps, column, w);
    } else {
      kernels::slide_rows_f32(src.ptr<float>(std::min(y + radius, h - 1)), src.ptr<float>(std::max(y - radius - 1, 0)),
                              column, w);
    }
    std::fill(padded_.begin(), padded_.begin() + radius, padded_[radius]);
    std::fill(padded_.end() - radius, padded_.end(), padded_[radius + w - 1]);
    kernels::sum_window_f32(padded_.data(), taps, scale, dst.ptr<float>(y), w);
  }
}

void halve_u8(const cv::Mat& src, cv::Mat& out) {
  CV_Assert(src.type() == CV_8UC1);
  const cv::Size half(std::max(1, src.cols / 2), std::max(1, src.rows / 2));
  if (src.cols % 2 != 0 || src.rows % 2 != 0 || src.empty()) {
    cv::resize(src, out, half, 0, 0, cv::INTER_AREA);
    return;
  }
  out.create(half, CV_8UC1);
  CV_Assert(out.data != src.data);
  libyuv::ScalePlane(src.data, static_cast<int>(src.step[0]), src.cols, src.rows, out.data,
                     static_cast<int>(out.step[0]), half.width, half.height, libyuv::kFilterBox);
}

bool GreyShrinker::exact(cv::Size frame, cv::Size size) {
  if (size.width <= 0 || size.height <= 0) return false;
  const int factor = frame.width / size.width;
  return factor >= 2 && factor <= 16 && frame.width == size.width * factor && frame.height == size.height * factor;
}

void GreyShrinker::run_bgr(const cv::Mat& bgr, cv::Size size, cv::Mat& out) {
  CV_Assert(bgr.type() == CV_8UC3 && exact(bgr.size(), size));
  const int factor = bgr.cols / size.width;
  out.create(size, CV_8UC1);
  const int n = bgr.cols * 3;
  acc_.resize(static_cast<std::size_t>(n));
  for (int r = 0; r < size.height; ++r) {
    std::fill(acc_.begin(), acc_.end(), 0);
    for (int k = 0; k < factor; ++k) kernels::accumulate_u8_u16(bgr.ptr<std::uint8_t>(r * factor + k), acc_.data(), n);
    kernels::shrink_bgr_row_u16(acc_.data(), factor, factor, out.ptr<std::uint8_t>(r), size.width);
  }
}

void GreyShrinker::run(const cv::Mat& grey, cv::Size size, cv::Mat& out) {
  CV_Assert(grey.type() == CV_8UC1);
  const int factor = size.width > 0 ? grey.cols / size.width : 0;
  if (factor < 2 || grey.cols != size.width * factor || grey.rows != size.height * factor || factor > 16) {
    cv::resize(grey, out, size, 0, 0, cv::INTER_AREA);
    return;
  }
  out.create(size, CV_8UC1);
  acc_.resize(static_cast<std::size_t>(grey.cols));
  const auto reciprocal = static_cast<std::uint32_t>(std::lround(65536.0 / (factor * factor)));
  for (int r = 0; r < size.height; ++r) {
    std::fill(acc_.begin(), acc_.end(), 0);
    for (int k = 0; k < factor; ++k)
      kernels::accumulate_u8_u16(grey.ptr<std::uint8_t>(r * factor + k), acc_.data(), grey.cols);
    kernels::shrink_row_u16(acc_.data(), factor, reciprocal, out.ptr<std::uint8_t>(r), size.width);
  }
}

}  // namespace fakecam::compose
