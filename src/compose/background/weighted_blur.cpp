// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/weighted_blur.hpp"

#include <algorithm>

#include "compose/kernels/box_gaussian.hpp"
#include "compose/kernels/normalised_rows.hpp"
#include "compose/kernels/symmetric_fir.hpp"

namespace fakecam::compose {
namespace {

// Output rows go down the columns kBlock at a time, a strip of kStrip floats
// across all of them before the next strip: the rows the block spans (2
// radius + kBlock: 26 at 720p, 26 KB a strip) stay in L1, where whole rows
// (100 KB) did not.
constexpr int kBlock = 8, kStrip = 256;

int reflected(int i, int n) { return cv::borderInterpolate(i, n, cv::BORDER_REFLECT_101); }

}  // namespace

void WeightedBlur::weigh(std::span<const cv::Mat> colour, const cv::Mat& alpha, float min_weight, int y) {
  const std::uint8_t* a = alpha.ptr<std::uint8_t>(y);
  float* row = ring_row(y) + pad_;
  const auto stride = static_cast<std::ptrdiff_t>(segment_);
  if (colour.size() == 1) {
    kernels::weigh_row(colour[0].ptr<std::uint8_t>(y), a, min_weight, row, stride, alpha.cols);
  } else {
    kernels::weigh_planes_row(colour[0].ptr<std::uint8_t>(y), colour[1].ptr<std::uint8_t>(y),
                              colour[2].ptr<std::uint8_t>(y), a, min_weight, row, stride, alpha.cols);
  }
}

void WeightedBlur::configure(cv::Size size, double sigma) {
  size_ = size;
  sigma_ = sigma;
  taps_ = without_faint_tails(three_box_taps(sigma), kFaintTap);
  const int radius = static_cast<int>(taps_.size()) - 1, width = size.width;
  // A row of four floats a pixel is held as four segments, one per channel
  // (weighted_blur.hpp), each with `radius` floats of padding either side
  // for the pass across.
  pad_ = static_cast<std::size_t>(radius);
  segment_ = static_cast<std::size_t>(width) + 2 * pad_;
  row_floats_ = (4 * segment_ + 15) / 16 * 16;
  // The rows y0 - radius .. y0 + kBlock - 1 + radius: with the borders
  // reflected once (more rows than that) every row the block needs is
  // among them; a shorter image is held whole (its border may fold more
  // than once).
  ring_rows_ = std::min(size.height, 2 * radius + kBlock);
  // The segments' padding in the ring is never written: zeros, so that the
  // pass down the columns (which runs over whole rows) sums plain numbers.
  const int floats = static_cast<int>(row_floats_);
  ring_ = cv::Mat::zeros(ring_rows_, floats, CV_32FC1);
  down_.create(kBlock, floats, CV_32FC1);
  blurred_.resize(row_floats_);
  before_.resize(static_cast<std::size_t>(kBlock * radius));
  after_.resize(static_cast<std::size_t>(kBlock * radius));
  // Where each column of the padding reflects from.
  left_.resize(pad_);
  right_.resize(pad_);
  for (int k = 1; k <= radius; ++k) {
    left_[static_cast<std::size_t>(k - 1)] = reflected(-k, width);
    right_[static_cast<std::size_t>(k - 1)] = reflected(width - 1 + k, width);
  }
}

void WeightedBlur::run(std::span<const cv::Mat> colour, const cv::Mat& alpha, float min_weight, double sigma,
                       std::span<cv::Mat> out) {
  CV_Assert(alpha.type() == CV_8UC1 && !alpha.empty() && colour.size() == out.size());
  CV_Assert(colour.size() == 3 || (colour.size() == 1 && colour[0].type() == CV_8UC3));
  for (const cv::Mat& c : colour) CV_Assert(c.size() == alpha.size() && c.depth() == CV_8U);
  const int width = alpha.cols, height = alpha.rows;
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].create(alpha.size(), colour[i].type());
    // Rows below are read after the rows above are written.
    for (const cv::Mat& c : colour) CV_Assert(out[i].data != c.data);
  }

  if (alpha.size() != size_ || sigma != sigma_ || taps_.empty()) configure(alpha.size(), sigma);
  const int radius = static_cast<int>(pad_);
  const int floats = static_cast<int>(row_floats_);

  int weighed = 0;  // rows weighed so far
  for (int y0 = 0; y0 < height; y0 += kBlock) {
    const int y1 = std::min(y0 + kBlock, height);
    const int need = ring_rows_ == height ? height : std::min(height, y1 + radius);
    for (; weighed < need; ++weighed) weigh(colour, alpha, min_weight, weighed);
    // Down the columns, strip by strip.
    for (int y = y0; y < y1; ++y) {
      const std::size_t at = static_cast<std::size_t>((y - y0) * radius);
      for (int k = 1; k <= radius; ++k) {
        before_[at + static_cast<std::size_t>(k - 1)] = ring_row(reflected(y - k, height));
        after_[at + static_cast<std::size_t>(k - 1)] = ring_row(reflected(y + k, height));
      }
    }
    for (int begin = 0; begin < floats; begin += kStrip) {
      const int end = std::min(begin + kStrip, floats);
      for (int y = y0; y < y1; ++y) {
        const std::size_t at = static_cast<std::size_t>((y - y0) * radius);
        kernels::symmetric_fir_row(ring_row(y), before_.data() + at, after_.data() + at, taps_.data(), radius,
                                   down_row(y - y0), begin, end);
      }
    }
    // Across each row: each segment's ends reflected into its padding, then
    // the same filter over the row shifted by whole floats (the sums in the
    // padding are thrown away); then divided.
    for (int y = y0; y < y1; ++y) {
      float* row = down_row(y - y0);
      for (std::size_t c = 0; c < 4; ++c) {
        float* pixels = row + c * segment_ + pad_;
        for (int k = 1; k <= radius; ++k) {
          pixels[-k] = pixels[left_[static_cast<std::size_t>(k - 1)]];
          pixels[width - 1 + k] = pixels[right_[static_cast<std::size_t>(k - 1)]];
        }
      }
      for (int k = 1; k <= radius; ++k) {
        before_[static_cast<std::size_t>(k - 1)] = row - k;
        after_[static_cast<std::size_t>(k - 1)] = row + k;
      }
      kernels::symmetric_fir_row(row, before_.data(), after_.data(), taps_.data(), radius, blurred_.data(), radius,
                                 floats - radius);
      const float* blurred = blurred_.data() + pad_;
      const auto stride = static_cast<std::ptrdiff_t>(segment_);
      if (out.size() == 1) {
        kernels::unweigh_row(blurred, stride, out[0].ptr<std::uint8_t>(y), width);
      } else {
        kernels::unweigh_planes_row(blurred, stride, out[0].ptr<std::uint8_t>(y), out[1].ptr<std::uint8_t>(y),
                                    out[2].ptr<std::uint8_t>(y), width);
      }
    }
  }
}

}  // namespace fakecam::compose
