// SPDX-License-Identifier: GPL-3.0-or-later
// The symmetric filter's row against its formula summed in the same order:
// the baseline bit for bit, the AVX builds (fused multiply-adds) to float
// rounding; rows with whole blocks, single vectors and a tail, for the
// radii the blur uses. Each build this CPU has runs.

#include "compose/kernels/symmetric_fir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::compose::kernels {
namespace {

TEST(SymmetricFir, EachOutputIsTheCentreAndThePairsWeighed) {
  cv::RNG rng(5);
  for (const FirIsa isa : {FirIsa::best, FirIsa::avx2, FirIsa::baseline}) {
    for (int radius : {0, 1, 3, 7}) {
      for (int n : {1, 15, 83, 200}) {
        std::vector<std::vector<float>> rows(static_cast<std::size_t>(2 * radius + 1), std::vector<float>(n));
        for (auto& row : rows) {
          for (float& v : row) v = rng.uniform(-300.0f, 300.0f);
        }
        std::vector<float> taps(static_cast<std::size_t>(radius + 1));
        for (float& t : taps) t = rng.uniform(0.0f, 0.5f);
        std::vector<const float*> before, after;
        for (int k = 1; k <= radius; ++k) {
          before.push_back(rows[static_cast<std::size_t>(radius - k)].data());
          after.push_back(rows[static_cast<std::size_t>(radius + k)].data());
        }
        const float* centre = rows[static_cast<std::size_t>(radius)].data();
        std::vector<float> out(static_cast<std::size_t>(n), -1.0f);
        symmetric_fir_row(centre, before.data(), after.data(), taps.data(), radius, out.data(), 0, n, isa);
        for (int i = 0; i < n; ++i) {
          float want = taps[0] * centre[i];
          float size = std::abs(want);
          for (int k = 1; k <= radius; ++k) {
            const float term = taps[static_cast<std::size_t>(k)] * (before[k - 1][i] + after[k - 1][i]);
            want += term;
            size += std::abs(term);
          }
          const std::string where = "isa " + std::to_string(static_cast<int>(isa)) + " radius " +
                                    std::to_string(radius) + " n " + std::to_string(n) + " i " + std::to_string(i);
          if (isa == FirIsa::baseline) {
            EXPECT_EQ(out[static_cast<std::size_t>(i)], want) << where;
          } else {
            EXPECT_NEAR(out[static_cast<std::size_t>(i)], want, 1e-6f * size) << where;
          }
        }
      }
    }
  }
}

// Across a row of interleaved pixels the same kernel reads the row shifted
// by whole pixels: pointers into one buffer, the output apart.
TEST(SymmetricFir, ReadsShiftedViewsOfOneRow) {
  const int radius = 2, pixels = 9, n = 4 * pixels;
  std::vector<float> padded(static_cast<std::size_t>(4 * (pixels + 2 * radius)));
  for (std::size_t i = 0; i < padded.size(); ++i) padded[i] = static_cast<float>(i);
  const float* row = padded.data() + 4 * radius;
  const float* before[] = {row - 4, row - 8};
  const float* after[] = {row + 4, row + 8};
  const float taps[] = {0.5f, 0.25f, 0.125f};
  std::vector<float> out(static_cast<std::size_t>(n));
  symmetric_fir_row(row, before, after, taps, radius, out.data(), 0, n, FirIsa::baseline);
  // A ramp stays the same ramp under a symmetric kernel: 0.5 + 2 (0.25 + 0.125) = 1.25 times it.
  for (int i = 0; i < n; ++i) EXPECT_FLOAT_EQ(out[static_cast<std::size_t>(i)], 1.25f * row[i]) << i;
}

}  // namespace
}  // namespace fakecam::compose::kernels
