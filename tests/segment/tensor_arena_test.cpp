// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's memory plan: tensors alive at the same time never share
// bytes (lives are inclusive: an op's input and output overlap at that op),
// tensors that are not do, and offsets stay cache-line aligned.

#include "segment/tensor_arena.hpp"

#include <gtest/gtest.h>

#include <random>

namespace fakecam::segment {
namespace {

void expect_apart(const std::vector<TensorLife>& lives, const ArenaLayout& layout) {
  ASSERT_EQ(layout.offsets.size(), lives.size());
  for (std::size_t i = 0; i < lives.size(); ++i) {
    EXPECT_EQ(layout.offsets[i] % kArenaAlign, 0u);
    EXPECT_LE(layout.offsets[i] + lives[i].floats, layout.size);
    for (std::size_t j = i + 1; j < lives.size(); ++j) {
      const bool together = lives[i].first <= lives[j].last && lives[j].first <= lives[i].last;
      const bool overlap = layout.offsets[i] < layout.offsets[j] + lives[j].floats &&
                           layout.offsets[j] < layout.offsets[i] + lives[i].floats;
      EXPECT_FALSE(together && overlap) << "tensors " << i << " and " << j << " live together and share memory";
    }
  }
}

TEST(TensorArena, AChainReusesMemory) {
  // a -> b -> c -> d, each read by the next op only: two buffers suffice.
  const std::vector<TensorLife> lives{{100, -1, 0}, {100, 0, 1}, {100, 1, 2}, {100, 2, 3}};
  const ArenaLayout layout = plan_arena(lives);
  expect_apart(lives, layout);
  EXPECT_EQ(layout.size, 2 * 112u);
  EXPECT_EQ(layout.offsets[0], layout.offsets[2]);
}

TEST(TensorArena, AnOpsInputAndOutputNeverShare) {
  const std::vector<TensorLife> lives{{64, 0, 1}, {64, 1, 2}};
  const ArenaLayout layout = plan_arena(lives);
  expect_apart(lives, layout);
  EXPECT_NE(layout.offsets[0], layout.offsets[1]);
}

TEST(TensorArena, RandomLivesStayApart) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> size(1, 5000), start(0, 60), length(0, 12);
  std::vector<TensorLife> lives;
  for (int i = 0; i < 120; ++i) {
    const int first = start(rng);
    lives.push_back({static_cast<std::size_t>(size(rng)), first, first + length(rng)});
  }
  expect_apart(lives, plan_arena(lives));
}

}  // namespace
}  // namespace fakecam::segment
