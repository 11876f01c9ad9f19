// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/blur_stages.hpp"

#include <algorithm>
#include <cstring>

#include <opencv2/imgproc.hpp>

#include "compose/kernels/box_filter.hpp"
#include "compose/kernels/kernels.hpp"

namespace fakecam::compose {
namespace {

// Person pixels premultiplied by their weight 255 - alpha, in place over an
// image whose C colour channels are already copied (weight 255): background
// pixels (alpha 0, most of the frame) are left as they are.
template <int C>
void premultiply(const cv::Mat& image, const cv::Mat& alpha, cv::Mat& premultiplied) {
  for (int y = 0; y < image.rows; ++y) {
    const std::uint8_t* c = image.ptr<std::uint8_t>(y);
    const std::uint8_t* a = alpha.ptr<std::uint8_t>(y);
    std::uint8_t* p = premultiplied.ptr<std::uint8_t>(y);
    for (int x = 0; x < image.cols; ++x) {
      if (a[x] == 0) continue;
      const int w = 255 - a[x];
      for (int k = 0; k < C; ++k) p[(C + 1) * x + k] = static_cast<std::uint8_t>((c[C * x + k] * w + 127) / 255);
      p[(C + 1) * x + C] = static_cast<std::uint8_t>(w);
    }
  }
}

// The weighted blur (premultiplied, blurred) over the plain one in `out`
// where there is enough background under the kernel to trust 8 bits: a
// blurred weight >= kWeightedFrom, a tenth (8-bit rounding: <= ~5 levels
// off). Deeper in the person, where the blender shows the person anyway, the
// plain blur stays, blended in over [kPlainBelow, kWeightedFrom].
template <int C>
void normalise(const cv::Mat& premultiplied, cv::Mat& out) {
  constexpr int kPlainBelow = 4, kWeightedFrom = 24;
  for (int y = 0; y < out.rows; ++y) {
    const std::uint8_t* p = premultiplied.ptr<std::uint8_t>(y);
    std::uint8_t* o = out.ptr<std::uint8_t>(y);
    for (int x = 0; x < out.cols; ++x) {
      const int w = p[(C + 1) * x + C];
      // w == 255: only background under the kernel, where the weighted blur
      // is the plain one (same taps, same data).
      if (w <= kPlainBelow || w == 255) continue;
      const float t = w >= kWeightedFrom ? 1.0f : static_cast<float>(w - kPlainBelow) / (kWeightedFrom - kPlainBelow);
      const float scale = 255.0f / static_cast<float>(w);
      for (int k = 0; k < C; ++k) {
        const float plain = o[C * x + k];
        const float weighted = std::min(255.0f, static_cast<float>(p[(C + 1) * x + k]) * scale);
        o[C * x + k] = static_cast<std::uint8_t>(plain + t * (weighted - plain) + 0.5f);
      }
    }
  }
}

}  // namespace

// Each halving is an exact, rounded 2x2 average (halve_u8 for planes, OpenCV's
// INTER_AREA for pixels); k halvings make the 2^k x 2^k box the plan
// assumes. (libyuv's scalers straight to the small size were tried: faster,
// but biased by 1-2 levels, which darkens the whole background. Its 2x box
// rows, one halving at a time, are exact: halve_u8.)
void shrink_by(const cv::Mat& src, int factor, cv::Mat& spare, cv::Mat& out) {
  int steps = 0;
  while ((1 << steps) < factor) ++steps;
  if (steps == 0) {
    src.copyTo(out);
    return;
  }
  const cv::Mat* level = &src;
  for (int i = 0; i < steps; ++i) {
    // Alternate buffers so that the last step lands in `out`.
    cv::Mat& dst = (steps - 1 - i) % 2 == 0 ? out : spare;
    if (level->type() == CV_8UC1) {
      halve_u8(*level, dst);
    } else {
      cv::resize(*level, dst, cv::Size(std::max(1, level->cols / 2), std::max(1, level->rows / 2)), 0, 0,
                 cv::INTER_AREA);
    }
    level = &dst;
  }
}

void StretchedRows::stretch(const cv::Mat& small, cv::Size out) {
  // The horizontal half of a bilinear resize (same height: rows untouched).
  // A plane made 2, 4 or 8 times wider (the YUV path's, at the sizes webcams
  // give) by our row kernel, bit for bit what cv::resize makes in a sixth of
  // the time (0.1 ms of a 720p blurred frame); anything else by cv::resize.
  const int factor = small.cols > 0 ? out.width / small.cols : 0;
  if (small.type() == CV_8UC1 && factor * small.cols == out.width && kernels::stretch_row_u8_takes(factor)) {
    stretched_.create(small.rows, out.width, CV_8UC1);
    padded_.resize(static_cast<std::size_t>(small.cols) + 2);
    for (int y = 0; y < small.rows; ++y) {
      const std::uint8_t* row = small.ptr<std::uint8_t>(y);
      padded_.front() = row[0];
      std::memcpy(padded_.data() + 1, row, static_cast<std::size_t>(small.cols));
      padded_.back() = row[small.cols - 1];
      kernels::stretch_row_u8(padded_.data(), factor, stretched_.ptr<std::uint8_t>(y), small.cols);
    }
  } else {
    cv::resize(small, stretched_, cv::Size(out.width, small.rows), 0, 0, cv::INTER_LINEAR);
  }
  if (rows_.src_len != stretched_.rows || rows_.dst_len != out.height) {
    rows_ = ResampleAxis(stretched_.rows, out.height, 256);
  }
}

void StretchedRows::mix(int y, const std::uint8_t*& r0, const std::uint8_t*& r1, int& w1) const {
  const int i = rows_.index[y];
  r0 = stretched_.ptr<std::uint8_t>(i);
  r1 = stretched_.ptr<std::uint8_t>(std::min(i + 1, stretched_.rows - 1));
  w1 = rows_.fixed[y];
}

const std::uint8_t* StretchedRows::row(int y, std::uint8_t* scratch) {
  const std::uint8_t *r0 = nullptr, *r1 = nullptr;
  int w = 0;
  mix(y, r0, r1, w);
  if (w == 0) return r0;
  kernels::lerp_u8(r0, r1, w, scratch, stretched_.cols * stretched_.channels());
  return scratch;
}

void FullSizeBlur::run(const cv::Mat& image, double sigma, const cv::Mat& alpha, cv::Mat& out) {
  // The normalised convolution of the reduced path (blur_background.cpp) at
  // full size, in 8 bits: in float it costs ~30 ms at 720p, OpenCV's
  // fixed-point 8-bit Gaussian a tenth of that.
  const int channels = image.channels();
  CV_Assert(image.depth() == CV_8U && channels >= 1 && channels <= 3);
  cv::GaussianBlur(image, out, cv::Size(), sigma, sigma, cv::BORDER_REFLECT_101);
  if (alpha.empty()) return;
  cv::dilate(alpha, grown_alpha_, cv::Mat(), cv::Point(-1, -1), 1, cv::BORDER_REPLICATE);
  double hi = 0;
  cv::minMaxLoc(grown_alpha_, nullptr, &hi);
  if (hi == 0) return;  // no person: the plain blur is the answer
  // Every pixel with weight 255 first (OpenCV's SIMD conversions), then the
  // person's pixels premultiplied.
  if (channels == 3) {
    cv::cvtColor(image, premultiplied_, cv::COLOR_BGR2BGRA);
  } else {
    opaque_.create(image.size(), CV_8UC1);
    opaque_.setTo(255);
    const cv::Mat sources[] = {image, opaque_};
    premultiplied_.create(image.size(), CV_8UC(channels + 1));
    const int pairs[] = {0, 0, 1, 1, 2, 2};
    cv::mixChannels(sources, 2, &premultiplied_, 1, pairs, static_cast<std::size_t>(channels + 1));
  }
  switch (channels) {
    case 1:
      premultiply<1>(image, grown_alpha_, premultiplied_);
      break;
    case 2:
      premultiply<2>(image, grown_alpha_, premultiplied_);
      break;
    default:
      premultiply<3>(image, grown_alpha_, premultiplied_);
      break;
  }
  cv::GaussianBlur(premultiplied_, premultiplied_, cv::Size(), sigma, sigma, cv::BORDER_REFLECT_101);
  switch (channels) {
    case 1:
      normalise<1>(premultiplied_, out);
      break;
    case 2:
      normalise<2>(premultiplied_, out);
      break;
    default:
      normalise<3>(premultiplied_, out);
      break;
  }
}

}  // namespace fakecam::compose
