// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where the Engine's tensors live: one block of memory, each tensor at an
// offset, tensors alive at the same time apart. Reusing memory keeps the
// working set of an inference in L2 as XNNPACK's own planner does for the
// values it owns (issue 12: a buffer per tensor measured 37 % slower).

#include <cstddef>
#include <vector>

namespace fakecam::segment {

// A tensor's size and the positions (in execution order, inclusive) of the op
// that writes it first and the op that reads it last.
struct TensorLife {
  std::size_t floats = 0;
  int first = 0, last = 0;
};

struct ArenaLayout {
  std::vector<std::size_t> offsets;  // in floats, one per TensorLife, multiples of kArenaAlign
  std::size_t size = 0;              // floats
};

// Offsets are multiples of 16 floats (64 bytes, a cache line and an AVX-512 vector).
inline constexpr std::size_t kArenaAlign = 16;

// Largest tensors first, each at the lowest offset clear of every tensor
// placed so far whose life overlaps its own.
ArenaLayout plan_arena(const std::vector<TensorLife>& lives);

}  // namespace fakecam::segment
