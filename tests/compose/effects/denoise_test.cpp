// SPDX-License-Identifier: GPL-3.0-or-later
// Low-light denoising on a clip made here: a still room with soft shapes and
// a bright square moving across its left part, plus Gaussian grain with a
// fixed seed. Where the picture is still the result gets >= 3 dB closer to
// the clean clip; where the square was a moment ago it shows the room, not a
// ghost of the square.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/effects/denoise.hpp"

namespace fakecam::compose {
namespace {

constexpr int kW = 640, kH = 360;
constexpr int kFrames = 30;
constexpr int kSquare = 60, kStep = 8;        // the square moves kStep px a frame
constexpr double kGrain = 10.0;               // standard deviation, grey levels
const cv::Rect kStill(400, 0, kW - 400, kH);  // never reached by the square

cv::Rect square_at(int frame) { return {20 + kStep * frame, 150, kSquare, kSquare}; }

cv::Mat clean_frame(int frame) {
  cv::Mat room(kH, kW, CV_8UC3);
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      room.at<cv::Vec3b>(y, x) =
          cv::Vec3b(cv::saturate_cast<std::uint8_t>(40 + x / 16), cv::saturate_cast<std::uint8_t>(50 + y / 12),
                    cv::saturate_cast<std::uint8_t>(60 + (x + y) / 20));
    }
  }
  cv::circle(room, {500, 120}, 50, cv::Scalar(90, 70, 60), cv::FILLED, cv::LINE_AA);
  cv::rectangle(room, cv::Rect(450, 230, 120, 80), cv::Scalar(30, 90, 110), cv::FILLED);
  cv::GaussianBlur(room, room, cv::Size(), 1.5);
  cv::rectangle(room, square_at(frame), cv::Scalar(200, 210, 220), cv::FILLED);
  return room;
}

cv::Mat with_grain(const cv::Mat& clean, cv::RNG& rng) {
  cv::Mat noise(clean.size(), CV_32FC3);
  rng.fill(noise, cv::RNG::NORMAL, 0.0, kGrain);
  cv::Mat noisy;
  clean.convertTo(noisy, CV_32F);
  noisy += noise;
  noisy.convertTo(noisy, CV_8U);
  return noisy;
}

double mean_abs_error(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  const cv::Scalar e = cv::mean(diff);
  return (e[0] + e[1] + e[2]) / 3.0;
}

struct ClipResult {
  double psnr_noisy = 0, psnr_denoised = 0;    // still region, frames 15.. averaged
  double trail_noisy = 0, trail_denoised = 0;  // mean abs error where the square just was
  double moving_denoised = 0;                  // ... and where it is now
};

ClipResult run_clip(int strength) {
  Denoiser denoiser(strength);
  cv::RNG rng(20261206);
  ClipResult r;
  int measured = 0;
  for (int f = 0; f < kFrames; ++f) {
    const cv::Mat clean = clean_frame(f);
    const cv::Mat noisy = with_grain(clean, rng);
    cv::Mat out = noisy.clone();
    denoiser.apply(out);
    if (f < 15) continue;
    ++measured;
    r.psnr_noisy += cv::PSNR(noisy(kStill), clean(kStill));
    r.psnr_denoised += cv::PSNR(out(kStill), clean(kStill));
    // Covered in the last three frames, not now: the room must show there.
    const cv::Rect trail(square_at(f - 3).x, square_at(f).y, 3 * kStep, kSquare);
    r.trail_noisy += mean_abs_error(noisy(trail), clean(trail));
    r.trail_denoised += mean_abs_error(out(trail), clean(trail));
    r.moving_denoised += mean_abs_error(out(square_at(f)), clean(square_at(f)));
  }
  for (double* v : {&r.psnr_noisy, &r.psnr_denoised, &r.trail_noisy, &r.trail_denoised, &r.moving_denoised})
    *v /= measured;
  return r;
}

TEST(Denoise, StillRegionsGetAtLeast3dBCloserToTheCleanClip) {
  const ClipResult r = run_clip(100);
  RecordProperty("still_psnr_noisy_db", std::to_string(r.psnr_noisy));
  RecordProperty("still_psnr_denoised_db", std::to_string(r.psnr_denoised));
  EXPECT_GE(r.psnr_denoised, r.psnr_noisy + 3.0)
      << "noisy " << r.psnr_noisy << " dB, denoised " << r.psnr_denoised << " dB";
  const ClipResult half = run_clip(50);
  EXPECT_GE(half.psnr_denoised, half.psnr_noisy + 3.0)
      << "strength 50: noisy " << half.psnr_noisy << " dB, denoised " << half.psnr_denoised << " dB";
}

TEST(Denoise, NoGhostBehindAMovingObject) {
  const ClipResult r = run_clip(100);
  RecordProperty("trail_error_noisy", std::to_string(r.trail_noisy));
  RecordProperty("trail_error_denoised", std::to_string(r.trail_denoised));
  RecordProperty("square_error_denoised", std::to_string(r.moving_denoised));
  // A ghost of the square (200+ over a room of ~50-70) would be tens of
  // levels off; no worse than the grain itself (~8 levels) is the bar.
  EXPECT_LE(r.trail_denoised, r.trail_noisy) << "trail: noisy " << r.trail_noisy << ", denoised " << r.trail_denoised;
  EXPECT_LE(r.moving_denoised, r.trail_noisy) << "square: denoised " << r.moving_denoised;
}

TEST(Denoise, ZeroIsBitExactIdentity) {
  Denoiser denoiser(0);
  cv::RNG rng(7);
  for (int f = 0; f < 3; ++f) {
    const cv::Mat noisy = with_grain(clean_frame(f), rng);
    cv::Mat out = noisy.clone();
    denoiser.apply(out);
    EXPECT_EQ(cv::norm(out, noisy, cv::NORM_INF), 0.0);
  }
}

TEST(Denoise, OutOfRangeStrengthIsAnError) {
  EXPECT_THROW(Denoiser(101), Error);
  EXPECT_THROW(Denoiser(-5), Error);
}

}  // namespace
}  // namespace fakecam::compose
