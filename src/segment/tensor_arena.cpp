// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/tensor_arena.hpp"

#include <algorithm>
#include <numeric>

namespace fakecam::segment {

namespace {
std::size_t round_up(std::size_t n) { return (n + kArenaAlign - 1) / kArenaAlign * kArenaAlign; }
}  // namespace

ArenaLayout plan_arena(const std::vector<TensorLife>& lives) {
  std::vector<std::size_t> order(lives.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return lives[a].floats > lives[b].floats; });
  ArenaLayout layout;
  layout.offsets.assign(lives.size(), 0);
  std::vector<std::size_t> placed;
  for (std::size_t i : order) {
    const TensorLife& t = lives[i];
    // Address ranges taken by placed tensors alive at the same time, by start.
    std::vector<std::pair<std::size_t, std::size_t>> busy;
    for (std::size_t j : placed) {
      const TensorLife& u = lives[j];
      if (u.first <= t.last && t.first <= u.last)
        busy.emplace_back(layout.offsets[j], layout.offsets[j] + round_up(u.floats));
    }
    std::sort(busy.begin(), busy.end());
    std::size_t offset = 0;
    const std::size_t need = round_up(t.floats);
    for (const auto& [begin, end] : busy) {
      if (offset + need <= begin) break;
      offset = std::max(offset, end);
    }
    layout.offsets[i] = offset;
    layout.size = std::max(layout.size, offset + need);
    placed.push_back(i);
  }
  return layout;
}

}  // namespace fakecam::segment
