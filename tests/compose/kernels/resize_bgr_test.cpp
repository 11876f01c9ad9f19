// SPDX-License-Identifier: GPL-3.0-or-later
// The bilinear BGR resize for framing's crop: within 1 level of cv::resize
// INTER_LINEAR and within ~0.5 of the exact bilinear value (so aligned with
// the mask's crop), up and down, at odd sizes, from ROI views; the AVX2 and
// the baseline builds give the same bytes, through both shuffle forms.

#include <gtest/gtest.h>

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "compose/kernels/resample_plan.hpp"
#include "compose/kernels/resize_bgr.hpp"
#include "compose/kernels/resize_bgr_taps.hpp"

namespace fakecam::compose::kernels {
namespace {

cv::Mat noise(cv::Size size, int seed) {
  cv::Mat m(size, CV_8UC3);
  cv::RNG rng(seed);
  rng.fill(m, cv::RNG::UNIFORM, 0, 256);
  return m;
}

// Ramps in different directions per channel, full range.
cv::Mat gradients(cv::Size size) {
  cv::Mat m(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    for (int x = 0; x < size.width; ++x) {
      m.at<cv::Vec3b>(y, x) = {static_cast<uchar>(255 * x / std::max(1, size.width - 1)),
                               static_cast<uchar>(255 * y / std::max(1, size.height - 1)),
                               static_cast<uchar>(255 * (x + y) / std::max(1, size.width + size.height - 2))};
    }
  }
  return m;
}

// 0 | 255 across a column off the pixel grid's symmetry, a row, and a
// diagonal: the largest steps a lerp weight's error can show on.
cv::Mat hard_edges(cv::Size size) {
  cv::Mat m(size, CV_8UC3, cv::Scalar::all(0));
  m(cv::Rect(size.width / 3 + 1, 0, size.width - size.width / 3 - 1, size.height)).setTo(cv::Scalar(255, 0, 255));
  m(cv::Rect(0, size.height / 2 + 1, size.width, size.height - size.height / 2 - 1)) ^= cv::Scalar(255, 255, 0);
  for (int y = 0; y < size.height; ++y) {
    for (int x = y; x < size.width; x += size.height) m.at<cv::Vec3b>(y, x) = {255, 255, 255};
  }
  return m;
}

// The bilinear value in double precision, on ResampleAxis's taps.
cv::Mat exact_resize(const cv::Mat& src, cv::Size size) {
  const ResampleAxis ax(src.cols, size.width), ay(src.rows, size.height);
  cv::Mat out(size, CV_64FC3);
  for (int y = 0; y < size.height; ++y) {
    const int r0 = ay.index[y], r1 = std::min(r0 + 1, src.rows - 1);
    const double wy = ay.weight[y];
    for (int x = 0; x < size.width; ++x) {
      const int c0 = ax.index[x], c1 = std::min(c0 + 1, src.cols - 1);
      const double wx = ax.weight[x];
      const auto* p0 = src.ptr<uchar>(r0);
      const auto* p1 = src.ptr<uchar>(r1);
      for (int c = 0; c < 3; ++c) {
        const double top = p0[3 * c0 + c] + (p0[3 * c1 + c] - p0[3 * c0 + c]) * wx;
        const double bottom = p1[3 * c0 + c] + (p1[3 * c1 + c] - p1[3 * c0 + c]) * wx;
        out.ptr<double>(y)[3 * x + c] = top + (bottom - top) * wy;
      }
    }
  }
  return out;
}

// The largest difference from the exact values, over every channel.
double max_error(const cv::Mat& out, const cv::Mat& exact) {
  double worst = 0;
  for (int y = 0; y < out.rows; ++y) {
    const auto* o = out.ptr<uchar>(y);
    const auto* e = exact.ptr<double>(y);
    for (int i = 0; i < out.cols * 3; ++i) worst = std::max(worst, std::abs(o[i] - e[i]));
  }
  return worst;
}

struct Sizes {
  cv::Size from, to;
};

// Up 2x, 1.33x, 4x and at odd sizes; down 0.8x, ~0.52x, exactly 0.5x; a
// source narrower than one load (the baseline's path everywhere).
const Sizes kSizes[] = {{{640, 360}, {1280, 720}},   {{960, 540}, {1280, 720}}, {{643, 361}, {1280, 720}},
                        {{320, 180}, {1280, 720}},   {{101, 37}, {403, 149}},   {{1600, 900}, {1280, 720}},
                        {{1919, 1079}, {1000, 563}}, {{1280, 720}, {640, 360}}, {{5, 4}, {17, 11}}};

TEST(ResizeBilinearBgr, WithinOneLevelOfOpenCvAndHalfALevelOfExact) {
  cv::setNumThreads(1);
  for (const auto& [from, to] : kSizes) {
    for (const cv::Mat& src : {noise(from, from.width), gradients(from), hard_edges(from)}) {
      cv::Mat theirs;
      cv::resize(src, theirs, to, 0, 0, cv::INTER_LINEAR);
      const cv::Mat exact = exact_resize(src, to);
      for (const ResizeIsa isa : {ResizeIsa::best, ResizeIsa::baseline}) {
        SCOPED_TRACE(testing::Message() << from << " -> " << to << (isa == ResizeIsa::best ? " best" : " baseline"));
        cv::Mat ours;
        resize_bilinear_bgr(src, ours, to, isa);
        ASSERT_EQ(ours.size(), to);
        ASSERT_EQ(ours.type(), CV_8UC3);
        EXPECT_LE(cv::norm(ours, theirs, cv::NORM_INF), 1.0);
        // Exact but for the last rounding (~0.03 of a level of fixed point).
        EXPECT_LE(max_error(ours, exact), 0.55);
      }
    }
  }
}

TEST(ResizeBilinearBgr, Avx2AndBaselineGiveTheSameBytes) {
  for (const auto& [from, to] : kSizes) {
    SCOPED_TRACE(testing::Message() << from << " -> " << to);
    const cv::Mat src = noise(from, 7);
    cv::Mat best, baseline;
    resize_bilinear_bgr(src, best, to, ResizeIsa::best);
    resize_bilinear_bgr(src, baseline, to, ResizeIsa::baseline);
    EXPECT_EQ(cv::norm(best, baseline, cv::NORM_INF), 0.0);
  }
  // The sizes above cover both shuffle forms and the baseline-only sizes.
  using resize_detail::PixelTaps;
  using resize_detail::ShuffleTaps;
  const ShuffleTaps up(PixelTaps(643, 1280), 643), down(PixelTaps(1919, 1000), 1919), tiny(PixelTaps(5, 17), 5);
  EXPECT_GT(up.steps, 0);
  EXPECT_FALSE(up.wide);
  EXPECT_GT(down.steps, 0);
  EXPECT_TRUE(down.wide);
  EXPECT_EQ(tiny.steps, 0);
}

// A view's step is used and nothing outside it is read: the same bytes as
// from a copy of the view, with bright pixels all around it, the view at
// the parent's bottom-right corner (a load past the row would leave it).
TEST(ResizeBilinearBgr, RoiViewReadsOnlyTheView) {
  cv::Mat parent(400, 700, CV_8UC3, cv::Scalar::all(255));
  const cv::Rect inside(37, 21, 643, 361), corner(700 - 643, 400 - 361, 643, 361);
  for (const cv::Rect& roi : {inside, corner}) {
    parent.setTo(cv::Scalar::all(255));
    hard_edges(roi.size()).copyTo(parent(roi));
    const cv::Mat view = parent(roi);
    ASSERT_FALSE(view.isContinuous());
    for (const ResizeIsa isa : {ResizeIsa::best, ResizeIsa::baseline}) {
      for (const cv::Size to : {cv::Size(1280, 720), cv::Size(400, 225)}) {
        cv::Mat from_view, from_copy, theirs;
        resize_bilinear_bgr(view, from_view, to, isa);
        resize_bilinear_bgr(view.clone(), from_copy, to, isa);
        EXPECT_EQ(cv::norm(from_view, from_copy, cv::NORM_INF), 0.0);
        cv::resize(view, theirs, to, 0, 0, cv::INTER_LINEAR);
        EXPECT_LE(cv::norm(from_view, theirs, cv::NORM_INF), 1.0);
      }
    }
  }
}

// A destination that is a view of the source gets its own buffer instead of
// being written through (framing's last same-size crop is such a view).
TEST(ResizeBilinearBgr, DestinationViewOfTheSourceIsNotWrittenThrough) {
  cv::Mat src = gradients({640, 360});
  const cv::Mat before = src.clone();
  cv::Mat dst = src(cv::Rect(0, 0, 320, 180));
  resize_bilinear_bgr(src, dst, {320, 180});
  EXPECT_NE(dst.datastart, src.datastart);
  EXPECT_EQ(cv::norm(src, before, cv::NORM_INF), 0.0);
}

}  // namespace
}  // namespace fakecam::compose::kernels
