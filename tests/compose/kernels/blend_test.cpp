// SPDX-License-Identifier: GPL-3.0-or-later
// Blending in 8-bit fixed point: exact rounding for every input, and a
// synthetic frame with alpha 0 / 255 / 128 regions giving the expected colours.

#include <gtest/gtest.h>

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "common/yuv_image.hpp"
#include "compose/background/blur_background.hpp"
#include "compose/background/colour_background.hpp"
#include "compose/kernels/blend.hpp"
#include "compose/kernels/box_filter.hpp"
#include "compose/kernels/kernels.hpp"

namespace fakecam::compose {
namespace {

TEST(BlendKernel, RoundsToNearestForEveryInput) {
  // Every (fg, bg) pair for every alpha, 256 values per call.
  std::vector<std::uint8_t> fg(256), bg(256), alpha(256), out(256);
  for (int i = 0; i < 256; ++i) fg[i] = static_cast<std::uint8_t>(i);
  for (int a = 0; a < 256; ++a) {
    std::fill(alpha.begin(), alpha.end(), static_cast<std::uint8_t>(a));
    for (int b = 0; b < 256; ++b) {
      std::fill(bg.begin(), bg.end(), static_cast<std::uint8_t>(b));
      kernels::blend_u8(fg.data(), bg.data(), alpha.data(), out.data(), 256);
      for (int f = 0; f < 256; ++f) {
        const int want = (f * a + b * (255 - a) + 127) / 255;  // exact half never occurs (255 is odd)
        ASSERT_EQ(out[f], want) << "fg=" << f << " bg=" << b << " alpha=" << a;
      }
    }
  }
}

TEST(BlendKernel, OddLengthsAndInPlace) {
  // Lengths that leave a scalar tail after the vector loop, written over fg.
  for (int n : {1, 7, 15, 17, 31, 33, 100}) {
    std::vector<std::uint8_t> fg(n), bg(n), alpha(n), expected(n);
    for (int i = 0; i < n; ++i) {
      fg[i] = static_cast<std::uint8_t>(i * 37);
      bg[i] = static_cast<std::uint8_t>(255 - i * 11);
      alpha[i] = static_cast<std::uint8_t>(i * 53);
      expected[i] = static_cast<std::uint8_t>((fg[i] * alpha[i] + bg[i] * (255 - alpha[i]) + 127) / 255);
    }
    kernels::blend_u8(fg.data(), bg.data(), alpha.data(), fg.data(), n);
    EXPECT_EQ(fg, expected) << "n=" << n;
  }
}

// Blocks of pure person and pure background take a shorter way (a copy, or
// nothing in place): runs of alpha 0, 255 and mixed values, of lengths that
// start and end inside and across those blocks, give the formula's value,
// written elsewhere and in place.
TEST(BlendKernel, RunsOfPureAlphaAreTheFormulasValue) {
  constexpr int n = 1000;
  std::vector<std::uint8_t> fg(n), bg(n), alpha(n), expected(n);
  int run_left = 0;
  int kind = 0;
  for (int i = 0; i < n; ++i) {
    if (run_left == 0) {
      run_left = 5 + (i * 7919) % 90;
      kind = (kind + 1) % 3;
    }
    --run_left;
    fg[i] = static_cast<std::uint8_t>(i * 37);
    bg[i] = static_cast<std::uint8_t>(255 - i * 11);
    alpha[i] = kind == 0 ? 0 : kind == 1 ? 255 : static_cast<std::uint8_t>(i * 53);
    expected[i] = static_cast<std::uint8_t>((fg[i] * alpha[i] + bg[i] * (255 - alpha[i]) + 127) / 255);
  }
  std::vector<std::uint8_t> out(n, 7);
  kernels::blend_u8(fg.data(), bg.data(), alpha.data(), out.data(), n);
  EXPECT_EQ(out, expected);
  kernels::blend_u8(fg.data(), bg.data(), alpha.data(), fg.data(), n);
  EXPECT_EQ(fg, expected);
}

TEST(TripleKernel, RepeatsEachByteThreeTimes) {
  for (int n : {1, 5, 16, 33, 1280}) {
    std::vector<std::uint8_t> a(n), a3(3 * n);
    for (int i = 0; i < n; ++i) a[i] = static_cast<std::uint8_t>(i * 7 + 3);
    kernels::triple_u8(a.data(), a3.data(), n);
    for (int i = 0; i < 3 * n; ++i) ASSERT_EQ(a3[i], a[i / 3]) << "n=" << n << " i=" << i;
  }
}

TEST(Blender, AlphaRegionsGiveForegroundBackgroundAndTheMix) {
  const cv::Size size(64, 48);
  const cv::Vec3b fg_colour(10, 100, 250), bg_colour(200, 50, 0);
  const cv::Mat fg(size, CV_8UC3, cv::Scalar(fg_colour[0], fg_colour[1], fg_colour[2]));
  const cv::Mat bg(size, CV_8UC3, cv::Scalar(bg_colour[0], bg_colour[1], bg_colour[2]));
  cv::Mat alpha(size, CV_8UC1, cv::Scalar(0));
  alpha.colRange(20, 40).setTo(255);
  alpha.colRange(40, 64).setTo(128);
  cv::Mat out;
  Blender blender;
  blender.run(fg, bg, alpha, out);
  ASSERT_EQ(out.size(), size);
  ASSERT_EQ(out.type(), CV_8UC3);
  for (int y : {0, 23, 47}) {
    for (int x : {0, 19}) EXPECT_EQ(out.at<cv::Vec3b>(y, x), bg_colour) << x << "," << y;
    for (int x : {20, 39}) EXPECT_EQ(out.at<cv::Vec3b>(y, x), fg_colour) << x << "," << y;
    for (int x : {40, 63}) {
      for (int c = 0; c < 3; ++c) {
        const double want = (fg_colour[c] * 128.0 + bg_colour[c] * 127.0) / 255.0;
        EXPECT_NEAR(out.at<cv::Vec3b>(y, x)[c], want, 1.0) << x << "," << y << " channel " << c;
      }
    }
  }
}

TEST(Blender, WorksOnRoisAndInPlace) {
  cv::Mat big_fg(40, 50, CV_8UC3), big_bg(40, 50, CV_8UC3), big_alpha(40, 50, CV_8UC1);
  cv::randu(big_fg, 0, 256);
  cv::randu(big_bg, 0, 256);
  cv::randu(big_alpha, 0, 256);
  const cv::Rect roi(3, 5, 31, 17);  // not continuous
  cv::Mat fg = big_fg(roi), bg = big_bg(roi), alpha = big_alpha(roi);
  cv::Mat out;
  Blender blender;
  blender.run(fg, bg, alpha, out);
  for (int y = 0; y < roi.height; ++y) {
    for (int x = 0; x < roi.width; ++x) {
      const int a = alpha.at<std::uint8_t>(y, x);
      for (int c = 0; c < 3; ++c) {
        const int want = (fg.at<cv::Vec3b>(y, x)[c] * a + bg.at<cv::Vec3b>(y, x)[c] * (255 - a) + 127) / 255;
        ASSERT_EQ(out.at<cv::Vec3b>(y, x)[c], want);
      }
    }
  }
  cv::Mat in_place = fg.clone();
  blender.run(in_place, bg, alpha, in_place);
  EXPECT_EQ(cv::norm(in_place, out, cv::NORM_INF), 0.0);
}

TEST(Blender, RejectsMismatchedInputs) {
  const cv::Mat fg(10, 10, CV_8UC3), bg(10, 12, CV_8UC3), alpha(10, 10, CV_8UC1), alpha3(10, 10, CV_8UC3);
  cv::Mat out;
  Blender blender;
  EXPECT_THROW(blender.run(fg, bg, alpha, out), Error);
  EXPECT_THROW(blender.run(fg, fg, alpha3, out), Error);
}

// The blend over a mix of two rows is the blend over the mixed row, byte
// for byte: every kind of block (all person, all background, mixed), a
// tail, each end of the weight, in place and not.
TEST(BlendKernel, OverAMixIsTheBlendOverTheMixedRow) {
  cv::RNG rng(12);
  for (int n : {1, 31, 32, 33, 100, 1280}) {
    std::vector<std::uint8_t> fg(n), r0(n), r1(n), alpha(n), mixed(n), want(n), got(n);
    for (int i = 0; i < n; ++i) {
      fg[i] = static_cast<std::uint8_t>(rng.uniform(0, 256));
      r0[i] = static_cast<std::uint8_t>(rng.uniform(0, 256));
      r1[i] = static_cast<std::uint8_t>(rng.uniform(0, 256));
      // Runs of person, background and edge, 32 bytes and less.
      const int kind = (i / 32 + i / 7) % 3;
      alpha[i] = kind == 0 ? 255 : kind == 1 ? 0 : static_cast<std::uint8_t>(rng.uniform(0, 256));
    }
    for (int w1 : {0, 1, 77, 128, 255, 256}) {
      kernels::lerp_u8(r0.data(), r1.data(), w1, mixed.data(), n);
      kernels::blend_u8(fg.data(), mixed.data(), alpha.data(), want.data(), n);
      kernels::blend_lerp_u8(fg.data(), r0.data(), r1.data(), w1, alpha.data(), got.data(), n);
      EXPECT_EQ(got, want) << "n " << n << " w1 " << w1;
      std::vector<std::uint8_t> in_place = fg;
      kernels::blend_lerp_u8(in_place.data(), r0.data(), r1.data(), w1, alpha.data(), in_place.data(), n);
      EXPECT_EQ(in_place, want) << "in place, n " << n << " w1 " << w1;
    }
  }
}

// The YUV blend takes the chroma's alpha from the caller (halve_u8: each
// 2x2 block's rounded mean), and refuses one of another size.
TEST(Blender, YuvChromaTakesTheHalvedAlpha) {
  YuvImage frame(cv::Size(8, 4));
  frame.y().setTo(200);
  frame.u().setTo(200);
  frame.v().setTo(200);
  ColourBackground black(cv::Vec3b(0, 0, 0));  // Y 16, U and V 128
  cv::Mat alpha(4, 8, CV_8UC1, cv::Scalar(0));
  alpha.colRange(0, 2).setTo(255);     // the first chroma column: all person
  alpha.at<std::uint8_t>(0, 2) = 255;  // the second: a quarter
  cv::Mat half;
  halve_u8(alpha, half);
  ASSERT_EQ(half.size(), cv::Size(4, 2));
  EXPECT_EQ(half.at<std::uint8_t>(0, 0), 255);
  EXPECT_EQ(half.at<std::uint8_t>(0, 1), 64);  // (255 + 2) / 4
  EXPECT_EQ(half.at<std::uint8_t>(1, 1), 0);
  Blender blender;
  black.prepare_yuv({YuvView(frame), alpha});
  YuvImage out;
  blender.run(YuvView(frame), black, alpha, half, out);
  EXPECT_EQ(out.u().at<std::uint8_t>(0, 0), 200);
  EXPECT_EQ(out.u().at<std::uint8_t>(0, 1), (200 * 64 + 128 * 191 + 127) / 255);
  EXPECT_EQ(out.v().at<std::uint8_t>(1, 1), 128);
  EXPECT_EQ(out.y().at<std::uint8_t>(0, 2), 200);
  EXPECT_EQ(out.y().at<std::uint8_t>(0, 3), 16);
  const cv::Mat wrong(4, 8, CV_8UC1, cv::Scalar(0));
  EXPECT_THROW(blender.run(YuvView(frame), black, alpha, wrong, out), Error);
}

// Over the blur, whose rows are mixes of its stretched rows (yuv_row_mix),
// the blend gives what it gives over the rows themselves.
TEST(Blender, OverTheBlursMixedRowsAsOverItsRows) {
  const cv::Size size(320, 180);
  YuvImage frame(size);
  cv::RNG rng(13);
  for (cv::Mat plane : {frame.y(), frame.u(), frame.v()}) rng.fill(plane, cv::RNG::UNIFORM, 16, 236);
  cv::Mat alpha(size, CV_8UC1, cv::Scalar(0));
  cv::circle(alpha, {160, 120}, 60, cv::Scalar(255), cv::FILLED);
  cv::GaussianBlur(alpha, alpha, cv::Size(9, 9), 3.0);
  cv::Mat half;
  halve_u8(alpha, half);
  BlurBackground blur(80);  // a factor > 1 at this size: rows are mixes
  YuvImage background;
  blur.render_yuv({YuvView(frame), alpha}, background);
  Background::RowMix mix;
  ASSERT_TRUE(blur.yuv_row_mix(YuvPlane::y, 1, mix));
  YuvImage want(size);
  const cv::Mat in[] = {frame.y(), frame.u(), frame.v()}, bg[] = {background.y(), background.u(), background.v()};
  cv::Mat to[] = {want.y(), want.u(), want.v()};
  for (int p = 0; p < 3; ++p) {
    const cv::Mat& a = p == 0 ? alpha : half;
    for (int y = 0; y < in[p].rows; ++y) {
      kernels::blend_u8(in[p].ptr<std::uint8_t>(y), bg[p].ptr<std::uint8_t>(y), a.ptr<std::uint8_t>(y),
                        to[p].ptr<std::uint8_t>(y), in[p].cols);
    }
  }
  YuvImage got;
  Blender().run(YuvView(frame), blur, alpha, half, got);
  EXPECT_EQ(cv::norm(got.y(), want.y(), cv::NORM_INF), 0);
  EXPECT_EQ(cv::norm(got.u(), want.u(), cv::NORM_INF), 0);
  EXPECT_EQ(cv::norm(got.v(), want.v(), cv::NORM_INF), 0);
}

}  // namespace
}  // namespace fakecam::compose
