// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/box_gaussian.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <opencv2/core.hpp>

#include "compose/kernels/clones.hpp"

namespace fakecam::compose {
namespace {

// The running-sum step is built for AVX2 too (clones.hpp).

// One output row of a pass, and the window's sum moved down a row: out =
// (sum + w (before + after)) * norm, then sum += entering - leaving.
FAKECAM_KERNEL void box_row(float* __restrict sum, const float* __restrict before, const float* __restrict after,
                            const float* __restrict leaving, float end_weight, float norm, float* __restrict out,
                            int n) {
  for (int i = 0; i < n; ++i) {
    out[i] = (sum[i] + end_weight * (before[i] + after[i])) * norm;
    sum[i] += after[i] - leaving[i];
  }
}

// One extended box down the columns of src (rows of n floats) into dst.
void box_down(const cv::Mat& src, const ExtendedBox& box, std::vector<float>& sum, cv::Mat& dst) {
  const int rows = src.rows, n = src.cols * src.channels(), r = box.radius;
  auto row = [&](int y) { return src.ptr<float>(cv::borderInterpolate(y, rows, cv::BORDER_REFLECT_101)); };
  sum.assign(static_cast<std::size_t>(n), 0.0f);
  for (int k = -r; k <= r; ++k) {
    const float* p = row(k);
    for (int i = 0; i < n; ++i) sum[static_cast<std::size_t>(i)] += p[i];
  }
  const float norm = 1.0f / (static_cast<float>(2 * r + 1) + 2.0f * box.end_weight);
  for (int y = 0; y < rows; ++y) {
    box_row(sum.data(), row(y - r - 1), row(y + r + 1), row(y - r), box.end_weight, norm, dst.ptr<float>(y), n);
  }
}

// The three boxes down the columns of src into out (spare: a scratch image
// of src's size). (Strips of columns narrow enough to keep the three
// passes in L2 measured slower: the rows' set-up per strip cost more than
// the memory traffic saved.)
void three_boxes_down(const cv::Mat& src, const ExtendedBox& box, cv::Mat& out, cv::Mat& spare,
                      std::vector<float>& sum) {
  box_down(src, box, sum, out);
  box_down(out, box, sum, spare);
  box_down(spare, box, sum, out);
}

// dst(x, y) = src(y, x) for pixels of kBytes bytes (a constant: each
// copy is a move, not a memcpy call), in tiles that stay in L1.
template <std::size_t kBytes>
void transpose_pixels(const cv::Mat& src, cv::Mat& dst) {
  constexpr int kTile = 16;
  for (int y0 = 0; y0 < src.rows; y0 += kTile) {
    for (int x0 = 0; x0 < src.cols; x0 += kTile) {
      const int y1 = std::min(y0 + kTile, src.rows), x1 = std::min(x0 + kTile, src.cols);
      for (int x = x0; x < x1; ++x) {
        std::uint8_t* out = dst.ptr<std::uint8_t>(x);
        for (int y = y0; y < y1; ++y) {
          std::memcpy(out + static_cast<std::size_t>(y) * kBytes, src.ptr<std::uint8_t>(y) + x * kBytes, kBytes);
        }
      }
    }
  }
}

void transpose_pixels(const cv::Mat& src, cv::Mat& dst) {
  switch (src.channels()) {
    case 1:
      return transpose_pixels<4>(src, dst);
    case 2:
      return transpose_pixels<8>(src, dst);
    case 3:
      return transpose_pixels<12>(src, dst);
    default:
      return transpose_pixels<16>(src, dst);
  }
}

}  // namespace

ExtendedBox extended_box_for(double sigma) {
  CV_Assert(sigma > 0);
  // Each of the three boxes carries a third of the variance; a box of
  // radius r has r (r + 1) / 3, and the end weight w makes it
  // (r (r + 1) (2r + 1) / 3 + 2 w (r + 1)^2) / (2r + 1 + 2w).
  const double v = sigma * sigma / 3.0;
  int r = 0;
  while ((r + 1) * (r + 2) / 3.0 <= v) ++r;
  const double w = (2 * r + 1) * (v - r * (r + 1) / 3.0) / (2.0 * ((r + 1) * (r + 1) - v));
  return {r, static_cast<float>(w)};
}

void BoxGaussian::run(const cv::Mat& src, double sigma, cv::Mat& dst) {
  CV_Assert(src.depth() == CV_32F && src.channels() <= 4 && !src.empty());
  const ExtendedBox box = extended_box_for(sigma);
  const int type = src.type();
  // Down the columns (src, A, B, A), then across as down the columns of the
  // transpose (B, A, B, A), then back.
  a_.create(src.rows, src.cols, type);
  b_.create(src.rows, src.cols, type);
  three_boxes_down(src, box, a_, b_, sum_);
  // (The same buffers, the other way round: no allocation per frame.)
  cv::Mat at(src.cols, src.rows, type, b_.data), bt(src.cols, src.rows, type, a_.data);
  transpose_pixels(a_, at);
  three_boxes_down(at, box, bt, at, sum_);  // (at is free once read)
  dst.create(src.size(), type);
  transpose_pixels(bt, dst);
}

}  // namespace fakecam::compose
