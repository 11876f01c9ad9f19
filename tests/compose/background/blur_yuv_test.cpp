// SPDX-License-Identifier: GPL-3.0-or-later
// The background blur's YUV path (issue 12): the blur of the planes is the
// blur of the picture (the YUV of the BGR path's result, within rounding),
// at every plan factor including the full-size one of weak blurs; it is as
// halo-free as the BGR path and really uses the alpha; rows come the same in
// any order the blender asks for them.

#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "common/yuv_image.hpp"
#include "compose/background/blur_background.hpp"
#include "compose/compose_settings.hpp"
#include "compose/kernels/blend.hpp"
#include "compose/kernels/box_filter.hpp"

namespace fakecam::compose {
namespace {

// A picture with structure at every scale and saturated colours, made in
// BGR so that its YUV is in gamut (a random YUV frame would clip on the way
// to BGR, and the reference would not be the blur of the same picture).
YuvImage picture(cv::Size size) {
  cv::Mat bgr(size, CV_8UC3);
  cv::RNG rng(11);
  rng.fill(bgr, cv::RNG::UNIFORM, 0, 256);
  cv::GaussianBlur(bgr, bgr, cv::Size(5, 5), 1.5);
  for (int i = 0; i < 12; ++i) {
    const cv::Point centre(rng.uniform(0, size.width), rng.uniform(0, size.height));
    const cv::Scalar colour(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256));
    cv::circle(bgr, centre, rng.uniform(size.height / 20, size.height / 4), colour, cv::FILLED);
  }
  cv::GaussianBlur(bgr, bgr, cv::Size(), 1.5);
  YuvImage yuv;
  bgr_to_yuv(bgr, yuv);
  return yuv;
}

// A person-shaped alpha with a soft edge.
cv::Mat person_alpha(cv::Size size) {
  cv::Mat alpha(size, CV_8UC1, cv::Scalar(0));
  cv::ellipse(alpha, {size.width / 2, size.height * 3 / 4}, {size.width / 6, size.height / 2}, 0, 0, 360,
              cv::Scalar(255), cv::FILLED);
  cv::circle(alpha, {size.width / 2, size.height / 4}, size.height / 8, cv::Scalar(255), cv::FILLED);
  cv::GaussianBlur(alpha, alpha, cv::Size(9, 9), 3.0);
  return alpha;
}

YuvImage blurred_yuv(int strength, const YuvImage& frame, const cv::Mat& alpha) {
  BlurBackground blur(strength);
  YuvImage out;
  blur.render_yuv({frame, alpha}, out);
  return out;
}

// What the BGR path makes of the same picture, in YUV.
YuvImage blurred_bgr(int strength, const YuvImage& frame, const cv::Mat& alpha) {
  cv::Mat bgr, blurred;
  yuv_to_bgr(frame, bgr);
  BlurBackground blur(strength);
  blur.render({bgr, alpha}, blurred);
  YuvImage out;
  bgr_to_yuv(blurred, out);
  return out;
}

struct Difference {
  double mean = 0, max = 0;
};

// |a - b|, or where `alpha` (255 = person) is given, what shows of it after
// the blend: |a - b| (1 - alpha). The background behind the person never
// shows; there the weighted blur is the plain one of 8-bit weights, rounded
// differently in each colour space.
Difference difference(const cv::Mat& a, const cv::Mat& b, const cv::Mat& alpha = cv::Mat()) {
  cv::Mat d;
  cv::absdiff(a, b, d);
  if (!alpha.empty()) {
    cv::Mat shown;
    cv::resize(alpha, shown, d.size(), 0, 0, cv::INTER_AREA);
    cv::subtract(cv::Scalar(255), shown, shown);
    cv::multiply(d, shown, d, 1.0 / 255.0);
  }
  double max = 0;
  cv::minMaxLoc(d, nullptr, &max);
  return {cv::mean(d)[0], max};
}

TEST(BlurBackgroundYuv, IsSupported) {
  // Every strength: weak blurs (factor 1) have a full-size YUV path.
  for (int strength : {0, 1, 10, kDefaultBlurStrength, kMaxBlurStrength}) {
    EXPECT_TRUE(BlurBackground(strength).supports_yuv()) << strength;
  }
}

// The tolerance: both paths round to 8 bits at every stage, and the BGR
// reference goes through two more conversions, which alone differ from the
// frame by ~0.55 levels on average in U and V (libyuv's rounding) and by up
// to 2. Weak blurs run at full size, where the reference's chroma is
// replicated to 2x2 blocks, blurred and averaged back: two boxes more than
// the YUV path's blur of the chroma plane (sigma^2 + 0.5 luma pixels instead
// of sigma^2), a few levels at sharp colour edges: up to 5 with GCC, 7 with
// Clang (its float code rounds the weighted sums differently).
constexpr double kMaxMeanDifference = 1.0, kMaxDifference = 3.0, kMaxFullSizeChromaDifference = 8.0;

TEST(BlurBackgroundYuv, IsTheYuvOfTheBgrBlur) {
  for (cv::Size size : {cv::Size(1280, 720), cv::Size(642, 362)}) {
    const YuvImage frame = picture(size);
    for (const cv::Mat& alpha : {cv::Mat(), person_alpha(size)}) {
      // 720p: factors 1, 1, 2, 4, 8; 642x362: 1, 1, 1, 2, 4.
      for (int strength : {1, 10, 20, kDefaultBlurStrength, kMaxBlurStrength}) {
        const double sigma = blur_sigma(strength, size);
        const YuvImage got = blurred_yuv(strength, frame, alpha);
        const YuvImage want = blurred_bgr(strength, frame, alpha);
        const cv::Mat got_planes[] = {got.y(), got.u(), got.v()};
        const cv::Mat want_planes[] = {want.y(), want.u(), want.v()};
        for (int p = 0; p < 3; ++p) {
          const Difference d = difference(got_planes[p], want_planes[p], alpha);
          std::printf("%dx%d strength %3d (factor %2d)%s plane %c: mean %.3f max %.0f\n", size.width, size.height,
                      strength, plan_blur(sigma).factor, alpha.empty() ? "         " : " weighted", "YUV"[p], d.mean,
                      d.max);
          EXPECT_LT(d.mean, kMaxMeanDifference) << size << " strength " << strength << " plane " << p;
          const bool full_size_chroma = plan_blur(sigma).factor == 1 && p > 0;
          EXPECT_LE(d.max, full_size_chroma ? kMaxFullSizeChromaDifference : kMaxDifference)
              << size << " strength " << strength << " plane " << p;
        }
      }
    }
  }
}

// Every size a camera may send, down to tiny and very narrow ones (where the
// halvings stop at one pixel), keeps its size, and a flat frame stays flat.
TEST(BlurBackgroundYuv, KeepsAFlatFrameFlatAtAnySize) {
  for (cv::Size size : {cv::Size(1920, 1080), cv::Size(642, 362), cv::Size(8, 6), cv::Size(2, 720)}) {
    YuvImage frame(size);
    frame.fill(100, 90, 160);
    for (int strength : {1, 20, kDefaultBlurStrength, kMaxBlurStrength}) {
      const YuvImage out = blurred_yuv(strength, frame, cv::Mat(size, CV_8UC1, cv::Scalar(0)));
      ASSERT_EQ(out.size(), size);
      EXPECT_LE(cv::norm(out.y(), frame.y(), cv::NORM_INF), 1.0) << size << " strength " << strength;
      EXPECT_LE(cv::norm(out.u(), frame.u(), cv::NORM_INF), 1.0) << size << " strength " << strength;
      EXPECT_LE(cv::norm(out.v(), frame.v(), cv::NORM_INF), 1.0) << size << " strength " << strength;
    }
  }
}

TEST(BlurBackgroundYuv, ZeroStrengthIsACopy) {
  const YuvImage frame = picture({320, 240});
  const YuvImage out = blurred_yuv(0, frame, cv::Mat());
  ASSERT_EQ(out.byte_size(), frame.byte_size());
  EXPECT_EQ(cv::norm(cv::Mat(1, static_cast<int>(out.byte_size()), CV_8UC1, const_cast<std::uint8_t*>(out.data())),
                     cv::Mat(1, static_cast<int>(frame.byte_size()), CV_8UC1, const_cast<std::uint8_t*>(frame.data())),
                     cv::NORM_INF),
            0.0);
}

// The rows the blender asks for, in its order (Y rows 2k and 2k + 1, then
// chroma row k), are the rows render_yuv() reads plane after plane: a row
// depends on nothing but its plane and index.
TEST(BlurBackgroundYuv, RowsInTheBlendersOrder) {
  const cv::Size size(642, 362);
  const YuvImage frame = picture(size);
  const cv::Mat alpha = person_alpha(size);
  for (int strength : {10, kDefaultBlurStrength}) {
    BlurBackground blur(strength);
    YuvImage planewise;
    blur.render_yuv({frame, alpha}, planewise);
    blur.prepare_yuv({frame, alpha});
    YuvImage interleaved(size);
    cv::Mat y = interleaved.y(), u = interleaved.u(), v = interleaved.v();
    std::vector<std::uint8_t> scratch(static_cast<std::size_t>(size.width));
    auto copy_row = [&](YuvPlane plane, cv::Mat& to, int row) {
      const std::uint8_t* src = blur.yuv_row(plane, row, scratch.data());
      std::copy(src, src + to.cols, to.ptr<std::uint8_t>(row));
    };
    for (int k = 0; k < size.height / 2; ++k) {
      copy_row(YuvPlane::y, y, 2 * k);
      copy_row(YuvPlane::y, y, 2 * k + 1);
      copy_row(YuvPlane::u, u, k);
      copy_row(YuvPlane::v, v, k);
    }
    EXPECT_EQ(cv::norm(interleaved.y(), planewise.y(), cv::NORM_INF), 0.0) << strength;
    EXPECT_EQ(cv::norm(interleaved.u(), planewise.u(), cv::NORM_INF), 0.0) << strength;
    EXPECT_EQ(cv::norm(interleaved.v(), planewise.v(), cv::NORM_INF), 0.0) << strength;
  }
}

// No halo, as in the BGR test: a bright, saturated person (a red shirt) on a
// dark grey room. The plain blur smears the shirt's light and colour over the
// room next to them; weighted by (1 - alpha), that background keeps the
// room's luma and stays grey (U = V = 128).
TEST(BlurBackgroundYuv, NoHaloAroundABrightPerson) {
  for (cv::Size size : {cv::Size(1280, 720), cv::Size(642, 362)}) {
    cv::Mat bgr(size, CV_8UC3, cv::Scalar(12, 12, 12));
    const cv::Rect person(size.width / 3, size.height / 5, size.width / 3, size.height * 4 / 5);
    bgr(person).setTo(cv::Scalar(40, 60, 250));
    YuvImage frame;
    bgr_to_yuv(bgr, frame);
    const int room_y = frame.y().at<std::uint8_t>(0, 0);
    cv::Mat alpha(size, CV_8UC1, cv::Scalar(0));
    alpha(person).setTo(255);
    // 720p: factors 1, 2, 4, 8; 642x362: 1, 1, 2, 4.
    for (int strength : {10, 20, kDefaultBlurStrength, kMaxBlurStrength}) {
      const YuvImage halo_free = blurred_yuv(strength, frame, alpha);
      const YuvImage haloed = blurred_yuv(strength, frame, cv::Mat());
      const int y = person.y + person.height / 2;
      for (int dx : {2, 4, 10, 20}) {
        const int x = person.x - dx;
        EXPECT_LE(std::abs(halo_free.y().at<std::uint8_t>(y, x) - room_y), 6)
            << size << " strength " << strength << " dx " << dx;
        EXPECT_LE(std::abs(halo_free.v().at<std::uint8_t>(y / 2, x / 2) - 128), 4)
            << size << " strength " << strength << " dx " << dx;
        EXPECT_LE(std::abs(halo_free.u().at<std::uint8_t>(y / 2, x / 2) - 128), 4)
            << size << " strength " << strength << " dx " << dx;
      }
      // The plain blur has the halo the weighting removes, in luma and colour.
      EXPECT_GE(haloed.y().at<std::uint8_t>(y, person.x - 1) - room_y, 10) << size << " strength " << strength;
      EXPECT_GE(haloed.v().at<std::uint8_t>(y / 2, (person.x - 1) / 2) - 128, 10) << size << " strength " << strength;
      // Far from the person the background is the room.
      EXPECT_NEAR(halo_free.y().at<std::uint8_t>(10, 10), room_y, 1);
      EXPECT_NEAR(halo_free.v().at<std::uint8_t>(5, 5), 128, 1);
      // Inside the person it falls back to the plain blur: the shirt.
      const int inside = person.x + person.width / 2;
      EXPECT_NEAR(halo_free.v().at<std::uint8_t>(y / 2, inside / 2), frame.v().at<std::uint8_t>(y / 2, inside / 2), 2);
    }
  }
}

// The alpha changes the result: the same frame with the person somewhere
// else gives another background next to where the person was.
TEST(BlurBackgroundYuv, UsesTheAlpha) {
  const cv::Size size(1280, 720);
  const YuvImage frame = picture(size);
  const cv::Mat here = person_alpha(size);
  cv::Mat elsewhere;
  cv::warpAffine(here, elsewhere, cv::Mat_<double>({2, 3}, {1, 0, size.width / 3.0, 0, 1, 0}), size);
  for (int strength : {5, 20, kDefaultBlurStrength, kMaxBlurStrength}) {
    const YuvImage a = blurred_yuv(strength, frame, here);
    const YuvImage b = blurred_yuv(strength, frame, elsewhere);
    // (Ignoring the alpha would make them equal.)
    EXPECT_GE(difference(a.y(), b.y()).max, 8) << strength;
    EXPECT_GE(difference(a.u(), b.u()).max, 8) << strength;
    EXPECT_GE(difference(a.v(), b.v()).max, 8) << strength;
    // Far from both people (the left edge) the weighting has nothing to do.
    EXPECT_LE(difference(a.y().colRange(0, 40), b.y().colRange(0, 40)).max, 1) << strength;
  }
}

YuvImage rendered(BlurBackground& blur, const YuvBackgroundInput& input) {
  YuvImage out;
  blur.render_yuv(input, out);
  return out;
}

bool same(const YuvImage& a, const YuvImage& b) {
  return cv::norm(a.y(), b.y(), cv::NORM_INF) == 0 && cv::norm(a.u(), b.u(), cv::NORM_INF) == 0 &&
         cv::norm(a.v(), b.v(), cv::NORM_INF) == 0;
}

// The compositor offers the alpha it halved for the blend: the blur's own
// reductions start with that very halving, so taking it changes nothing, at
// every factor (1: the chroma's weighting at full size).
TEST(BlurBackgroundYuv, TheOfferedHalfAlphaGivesTheSameBlur) {
  const cv::Size size(1280, 720);
  const YuvImage frame = picture(size);
  const cv::Mat alpha = person_alpha(size);
  cv::Mat half;
  halve_u8(alpha, half);
  for (int strength : {1, 10, 20, kDefaultBlurStrength, kMaxBlurStrength}) {
    BlurBackground alone(strength), offered(strength);
    EXPECT_TRUE(same(rendered(alone, {frame, alpha}), rendered(offered, {frame, alpha, half}))) << strength;
  }
  // Another alpha's half is taken, not checked against this one (so a half
  // that is not used would pass the test above unnoticed).
  cv::Mat other_half(half.size(), CV_8UC1, cv::Scalar(0));
  BlurBackground alone(kDefaultBlurStrength), offered(kDefaultBlurStrength);
  EXPECT_FALSE(same(rendered(alone, {frame, alpha}), rendered(offered, {frame, alpha, other_half})));
  // A half of another size is left alone.
  cv::Mat wrong_size(size / 4, CV_8UC1, cv::Scalar(0));
  EXPECT_TRUE(same(rendered(alone, {frame, alpha}), rendered(offered, {frame, alpha, wrong_size})));
}

// The mask's guide (Y averaged over 4x4 blocks at 720p, rounded once) in
// place of the blur's own 4x4 reduction (two rounded halvings): within a
// level of the small picture, so within a level of the blur.
TEST(BlurBackgroundYuv, TakesTheOfferedReducedLuma) {
  const cv::Size size(1280, 720);
  const YuvImage frame = picture(size);
  const cv::Mat alpha = person_alpha(size);
  const int strength = kDefaultBlurStrength;
  ASSERT_EQ(plan_blur(blur_sigma(strength, size)).factor, 4);
  cv::Mat luma_low;
  GreyShrinker().run(frame.y(), size / 4, luma_low);
  BlurBackground alone(strength), offered(strength);
  const YuvImage a = rendered(alone, {frame, alpha});
  const YuvImage b = rendered(offered, {frame, alpha, {}, luma_low});
  EXPECT_LE(difference(a.y(), b.y()).max, 1);
  EXPECT_EQ(cv::norm(a.u(), b.u(), cv::NORM_INF), 0);  // chroma is reduced as before
  // It is really taken: a flat grey offered gives a flat grey background.
  const cv::Mat grey(size / 4, CV_8UC1, cv::Scalar(100));
  const YuvImage flat = rendered(offered, {frame, cv::Mat(), {}, grey});
  double lo = 0, hi = 0;
  cv::minMaxLoc(flat.y(), &lo, &hi);
  EXPECT_EQ(lo, 100);
  EXPECT_EQ(hi, 100);
  // One of another size (a guide the blur's factor does not land on) is not.
  const cv::Mat other(size / 6, CV_8UC1, cv::Scalar(100));
  EXPECT_TRUE(same(rendered(offered, {frame, alpha, {}, other}), a));
}

}  // namespace
}  // namespace fakecam::compose
