// SPDX-License-Identifier: GPL-3.0-or-later
// The ends of the blur's normalised convolution against the formulas they
// replaced (cv::saturate_cast's rounding included), bit for bit, on rows
// with a vector tail and the values at each clamp.

#include "compose/kernels/normalised_rows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::compose::kernels {
namespace {

constexpr int kN = 37;

TEST(NormalisedRows, WeighGivesEachColourItsBackgroundShare) {
  cv::RNG rng(3);
  std::vector<std::uint8_t> colour(3 * kN), alpha(kN);
  for (auto& c : colour) c = static_cast<std::uint8_t>(rng.uniform(0, 256));
  for (auto& a : alpha) a = static_cast<std::uint8_t>(rng.uniform(0, 256));
  alpha[0] = 0;
  alpha[1] = 255;  // all person: the floor weight
  const float floor = 0.02f;
  std::vector<float> out(4 * kN);
  weigh_row(colour.data(), alpha.data(), floor, out.data(), kN);
  for (int x = 0; x < kN; ++x) {
    const float w = std::max(static_cast<float>(255 - alpha[x]) * (1.0f / 255.0f), floor);
    for (int k = 0; k < 3; ++k) EXPECT_EQ(out[4 * x + k], colour[3 * x + k] * w) << x << "," << k;
    EXPECT_EQ(out[4 * x + 3], w) << x;
  }
  EXPECT_EQ(out[3], 1.0f);
  EXPECT_EQ(out[7], floor);
}

TEST(NormalisedRows, UnweighDividesAndRoundsAsSaturateCast) {
  cv::RNG rng(4);
  std::vector<float> weighted(4 * kN);
  for (int x = 0; x < kN; ++x) {
    const float w = rng.uniform(0.02f, 3.0f);
    for (int k = 0; k < 3; ++k) weighted[4 * x + k] = rng.uniform(-20.0f, 280.0f) * w;
    weighted[4 * x + 3] = w;
  }
  // Ties: 2.5 rounds to 2, 3.5 to 4 (half to even); and both clamps.
  weighted[0] = 2.5f, weighted[1] = 3.5f, weighted[2] = 254.5f, weighted[3] = 1.0f;
  weighted[4] = -0.6f, weighted[5] = 255.6f, weighted[6] = 1e6f, weighted[7] = 1.0f;
  std::vector<std::uint8_t> out(3 * kN);
  unweigh_row(weighted.data(), out.data(), kN);
  for (int x = 0; x < kN; ++x) {
    const float inv = 1.0f / weighted[4 * x + 3];
    for (int k = 0; k < 3; ++k) {
      EXPECT_EQ(out[3 * x + k], cv::saturate_cast<std::uint8_t>(weighted[4 * x + k] * inv)) << x << "," << k;
    }
  }
  EXPECT_EQ(out[0], 2);
  EXPECT_EQ(out[1], 4);
  EXPECT_EQ(out[2], 254);
  EXPECT_EQ(out[3], 0);
  EXPECT_EQ(out[4], 255);
  EXPECT_EQ(out[5], 255);
}

}  // namespace
}  // namespace fakecam::compose::kernels
