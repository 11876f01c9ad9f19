// SPDX-License-Identifier: GPL-3.0-or-later
// The ends of the blur's normalised convolution against the formulas they
// replaced (cv::saturate_cast's rounding included), bit for bit, on rows
// with a vector tail and the values at each clamp.

#include "compose/kernels/normalised_rows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include <opencv2/core.hpp>

#include "common/cpu_features.hpp"

namespace fakecam::compose::kernels {
namespace {

constexpr int kN = 37;
constexpr int kStride = 41;  // a channel's row and its padding

TEST(NormalisedRows, WeighGivesEachColourItsBackgroundShare) {
  cv::RNG rng(3);
  std::vector<std::uint8_t> colour(3 * kN), alpha(kN);
  for (auto& c : colour) c = static_cast<std::uint8_t>(rng.uniform(0, 256));
  for (auto& a : alpha) a = static_cast<std::uint8_t>(rng.uniform(0, 256));
  alpha[0] = 0;
  alpha[1] = 255;  // all person: the floor weight
  const float floor = 0.02f;
  // Four rows of kN, kStride apart (the gaps are left as they are).
  std::vector<float> out(4 * kStride, -7.0f);
  weigh_row(colour.data(), alpha.data(), floor, out.data(), kStride, kN);
  for (int x = 0; x < kN; ++x) {
    const float w = std::max(static_cast<float>(255 - alpha[x]) * (1.0f / 255.0f), floor);
    for (int k = 0; k < 3; ++k) EXPECT_EQ(out[k * kStride + x], colour[3 * x + k] * w) << x << "," << k;
    EXPECT_EQ(out[3 * kStride + x], w) << x;
  }
  EXPECT_EQ(out[3 * kStride], 1.0f);
  EXPECT_EQ(out[3 * kStride + 1], floor);
  EXPECT_EQ(out[kN], -7.0f);
}

TEST(NormalisedRows, UnweighDividesAndRoundsAsSaturateCast) {
  cv::RNG rng(4);
  std::vector<float> weighted(4 * kStride);
  auto at = [&](int k, int x) -> float& { return weighted[static_cast<std::size_t>(k * kStride + x)]; };
  for (int x = 0; x < kN; ++x) {
    const float w = rng.uniform(0.02f, 3.0f);
    for (int k = 0; k < 3; ++k) at(k, x) = rng.uniform(-20.0f, 280.0f) * w;
    at(3, x) = w;
  }
  // Ties: 2.5 rounds to 2, 3.5 to 4 (half to even); and both clamps.
  at(0, 0) = 2.5f, at(1, 0) = 3.5f, at(2, 0) = 254.5f, at(3, 0) = 1.0f;
  at(0, 1) = -0.6f, at(1, 1) = 255.6f, at(2, 1) = 1e6f, at(3, 1) = 1.0f;
  std::vector<std::uint8_t> out(3 * kN);
  unweigh_row(weighted.data(), kStride, out.data(), kN);
  for (int x = 0; x < kN; ++x) {
    const float inv = 1.0f / at(3, x);
    for (int k = 0; k < 3; ++k) {
      EXPECT_EQ(out[3 * x + k], cv::saturate_cast<std::uint8_t>(at(k, x) * inv)) << x << "," << k;
    }
  }
  EXPECT_EQ(out[0], 2);
  EXPECT_EQ(out[1], 4);
  EXPECT_EQ(out[2], 254);
  EXPECT_EQ(out[3], 0);
  EXPECT_EQ(out[4], 255);
  EXPECT_EQ(out[5], 255);
}

// The planar ends are the interleaved ones with the channels apart.
TEST(NormalisedRows, PlanesGiveWhatInterleavedPixelsGive) {
  cv::RNG rng(6);
  std::vector<std::uint8_t> colour(3 * kN), alpha(kN), planes[3];
  for (auto& c : colour) c = static_cast<std::uint8_t>(rng.uniform(0, 256));
  for (auto& a : alpha) a = static_cast<std::uint8_t>(rng.uniform(0, 256));
  for (int k = 0; k < 3; ++k) {
    for (int x = 0; x < kN; ++x) planes[k].push_back(colour[3 * x + k]);
  }
  std::vector<float> from_pixels(4 * kStride), from_planes(4 * kStride);
  weigh_row(colour.data(), alpha.data(), 0.01f, from_pixels.data(), kStride, kN);
  weigh_planes_row(planes[0].data(), planes[1].data(), planes[2].data(), alpha.data(), 0.01f, from_planes.data(),
                   kStride, kN);
  EXPECT_EQ(from_planes, from_pixels);

  for (int k = 0; k < 3; ++k) {
    for (int x = 0; x < kN; ++x) from_pixels[static_cast<std::size_t>(k * kStride + x)] += rng.uniform(-40.0f, 40.0f);
  }
  from_pixels[0] = 2.5f, from_pixels[3 * kStride] = 1.0f;  // a tie
  std::vector<std::uint8_t> packed(3 * kN), out[3];
  for (auto& o : out) o.resize(kN);
  unweigh_row(from_pixels.data(), kStride, packed.data(), kN);
  unweigh_planes_row(from_pixels.data(), kStride, out[0].data(), out[1].data(), out[2].data(), kN);
  for (int x = 0; x < kN; ++x) {
    for (int k = 0; k < 3; ++k) EXPECT_EQ(out[k][x], packed[3 * x + k]) << x << "," << k;
  }
  EXPECT_EQ(out[0][0], 2);
}

// The vector builds of the planar division against the plain loops, byte
// for byte: every tail length, and ties and both clamps inside the vectors.
TEST(NormalisedRows, EveryBuildOfThePlanarDivisionGivesTheSameBytes) {
  std::vector<UnweighIsa> builds = {UnweighIsa::baseline};
  if (cpu_features().avx2) builds.push_back(UnweighIsa::avx2);
  if (cpu_features().avx512f) builds.push_back(UnweighIsa::best);
  if (builds.size() == 1) GTEST_SKIP() << "this CPU has no AVX2: only the plain loops run";
  cv::RNG rng(8);
  for (int n : {1, 7, 8, 15, 16, 17, 31, 33, 47, 320}) {
    const int stride = n + 9;
    std::vector<float> weighted(static_cast<std::size_t>(4 * stride));
    auto at = [&](int k, int x) -> float& { return weighted[static_cast<std::size_t>(k * stride + x)]; };
    for (int x = 0; x < n; ++x) {
      const float w = rng.uniform(0.01f, 2.0f);
      for (int k = 0; k < 3; ++k) at(k, x) = rng.uniform(-20.0f, 280.0f) * w;
      at(3, x) = w;
    }
    const float specials[] = {2.5f, 3.5f, 254.5f, 255.5f, -0.5f, -0.6f, 255.6f, 1e6f, 0.0f};
    for (int i = 0; i < n; i += 3) {
      at(i % 3, i) = specials[(i / 3) % std::size(specials)];
      at(3, i) = 1.0f;
    }
    std::vector<std::uint8_t> want[3], got[3];
    for (auto& w : want) w.assign(static_cast<std::size_t>(n) + 4, 7);
    unweigh_planes_row(weighted.data(), stride, want[0].data(), want[1].data(), want[2].data(), n,
                       UnweighIsa::baseline);
    for (UnweighIsa isa : builds) {
      for (auto& g : got) g.assign(static_cast<std::size_t>(n) + 4, 7);
      unweigh_planes_row(weighted.data(), stride, got[0].data(), got[1].data(), got[2].data(), n, isa);
      for (int k = 0; k < 3; ++k) EXPECT_EQ(got[k], want[k]) << "n " << n << " plane " << k << " isa " << int(isa);
    }
  }
}

}  // namespace
}  // namespace fakecam::compose::kernels
