// SPDX-License-Identifier: GPL-3.0-or-later
// Picture effects: each one does what it says on a known picture, and the
// hologram has the seed's look (blue tint, dark scan-line bands, ghosts).

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/background/blur_background.hpp"
#include "compose/effects/effect_chain.hpp"

namespace fakecam::compose {
namespace {

cv::Mat picture(cv::Size size = {320, 180}) {
  cv::Mat img(size, CV_8UC3);
  for (int y = 0; y < img.rows; ++y) {
    for (int x = 0; x < img.cols; ++x) img.at<cv::Vec3b>(y, x) = cv::Vec3b(x % 256, (y * 3) % 256, (x + y) % 256);
  }
  return img;
}

cv::Mat applied(const EffectList& effects, cv::Mat img = picture()) {
  EffectChain chain(effects);
  chain.apply(img);
  return img;
}

TEST(Effects, BrightnessScalesEveryChannel) {
  const cv::Mat in = picture();
  cv::Mat want;
  in.convertTo(want, -1, 0.5);
  EXPECT_EQ(cv::norm(applied({BrightnessEffect{50}}), want, cv::NORM_INF), 0.0);
  EXPECT_EQ(cv::norm(applied({BrightnessEffect{100}}), in, cv::NORM_INF), 0.0);
  const cv::Mat bright = applied({BrightnessEffect{200}});
  EXPECT_EQ(bright.at<cv::Vec3b>(0, 100), cv::Vec3b(200, 0, 200));  // (100, 0, 100) doubled
  EXPECT_EQ(bright.at<cv::Vec3b>(0, 200), cv::Vec3b(255, 0, 255)) << "saturates";
}

TEST(Effects, ColourMapIsOpenCvsMap) {
  cv::Mat want;
  cv::applyColorMap(picture(), want, cv::COLORMAP_VIRIDIS);
  EXPECT_EQ(cv::norm(applied({ColourMapEffect{parse_colour_map("Viridis")}}), want, cv::NORM_INF), 0.0);
  EXPECT_THROW(parse_colour_map("sunset"), Error);
  EXPECT_NE(colour_map_names().find("turbo"), std::string::npos);
}

TEST(Effects, SolidFillsAndBlurIsTheBackgroundBlur) {
  const cv::Mat solid = applied({SolidEffect{{1, 2, 3}}});
  EXPECT_EQ(cv::countNonZero(solid.reshape(1) != 0), solid.total() * 3);
  EXPECT_EQ(solid.at<cv::Vec3b>(50, 50), cv::Vec3b(1, 2, 3));
  BlurBackground blur(30);
  cv::Mat want;
  const cv::Mat in = picture();
  blur.render({in, cv::Mat()}, want);
  EXPECT_EQ(cv::norm(applied({BlurEffect{30}}), want, cv::NORM_INF), 0.0);
}

TEST(Effects, RunInTheOrderWritten) {
  // Solid then brightness: a darker colour. Brightness then solid: the colour.
  EXPECT_EQ(applied({SolidEffect{{100, 100, 100}}, BrightnessEffect{50}}).at<cv::Vec3b>(9, 9), cv::Vec3b(50, 50, 50));
  EXPECT_EQ(applied({BrightnessEffect{50}, SolidEffect{{100, 100, 100}}}).at<cv::Vec3b>(9, 9),
            cv::Vec3b(100, 100, 100));
}

TEST(Hologram, BlueTintScanLinesAndGhosts) {
  const cv::Size size(1280, 720);
  // A mid-grey person-sized block on black.
  cv::Mat in(size, CV_8UC3, cv::Scalar(0, 0, 0));
  in(cv::Rect(400, 100, 400, 500)).setTo(cv::Scalar(128, 128, 128));
  cv::Mat out = in.clone(), a, b;
  apply_hologram(out, 0, a, b);
  // Blue tint: inside the block, blue is well above red.
  const cv::Scalar mean = cv::mean(out(cv::Rect(450, 150, 300, 400)));
  EXPECT_GT(mean[0], mean[2] + 40) << mean;
  // Scan lines: rows repeat with period 7 at 720p (bands of 3 dark rows).
  std::vector<double> row_blue(14);
  for (int y = 0; y < 14; ++y) row_blue[y] = cv::mean(out(cv::Rect(450, 300 + y, 300, 1)))[0];
  const double lo = *std::min_element(row_blue.begin(), row_blue.end()),
               hi = *std::max_element(row_blue.begin(), row_blue.end());
  EXPECT_GT(hi - lo, 15) << "bands must be visible";
  for (int y = 0; y < 7; ++y) {
    const bool band_y = row_blue[y] < (lo + hi) / 2, band_y7 = row_blue[y + 7] < (lo + hi) / 2;
    EXPECT_EQ(band_y, band_y7) << "period 7 at row " << y;
  }
  // Ghosts: outside the block, 5 px right/below and left/above of its
  // corners, tinted copies of the grey block show. The tint maps black to
  // blue (the seed's WINTER map: green = grey level, red = 0), so the
  // copies are told apart from the black around them by their green.
  auto brightest_green = [&](cv::Rect r) {
    double hi_green = 0;
    std::vector<cv::Mat> ch;
    cv::split(out(r), ch);
    cv::minMaxLoc(ch[1], nullptr, &hi_green);
    return hi_green;
  };
  EXPECT_GT(brightest_green({800, 600, 5, 5}), 15) << "ghost at +5,+5";
  EXPECT_GT(brightest_green({395, 95, 5, 5}), 15) << "ghost at -5,-5";
  EXPECT_EQ(brightest_green({806, 606, 20, 20}), 0) << "nothing beyond the ghost";
  EXPECT_EQ(brightest_green({370, 70, 20, 20}), 0) << "nothing beyond the ghost";
  // Far away, the black room is tinted blue like everything else (the seed
  // tints the whole frame; the mask decides what of it shows).
  const cv::Vec3b far = out.at<cv::Vec3b>(20, 20);
  EXPECT_GT(far[0], 10);
  EXPECT_EQ(far[1], 0);
  EXPECT_EQ(far[2], 0);
}

TEST(Hologram, SameTickSamePictureAndTheBandsMove) {
  cv::Mat in(180, 320, CV_8UC3, cv::Scalar(150, 150, 150)), a, b;
  cv::Mat t0 = in.clone(), t0_again = in.clone(), t1 = in.clone();
  apply_hologram(t0, 7, a, b);
  apply_hologram(t0_again, 7, a, b);
  apply_hologram(t1, 8, a, b);
  EXPECT_EQ(cv::norm(t0, t0_again, cv::NORM_INF), 0.0);
  EXPECT_GT(cv::norm(t0, t1, cv::NORM_INF), 10.0);
  EffectChain chain({HologramEffect{}});
  EXPECT_TRUE(chain.animated());
  EXPECT_FALSE(EffectChain({BrightnessEffect{50}}).animated());
}

}  // namespace
}  // namespace fakecam::compose
