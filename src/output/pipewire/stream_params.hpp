// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The SPA parameters fakecam's stream announces: the formats it can produce
// (EnumFormat) and, once one is negotiated, the buffers it wants (Buffers,
// Meta).

#include <cstdint>
#include <optional>
#include <vector>

#include <spa/pod/builder.h>

#include "output/pipewire/video_formats.hpp"

namespace fakecam::output::pipewire {

// Owns the bytes the pods are built into; the pods live as long as it does.
class PodStorage {
 public:
  PodStorage();
  spa_pod_builder* builder() { return &builder_; }

 private:
  std::vector<std::uint8_t> bytes_;
  spa_pod_builder builder_{};
};

// One EnumFormat per format in all_video_formats(), in that order, each at
// exactly width x height and fps/1. YUV ones say BT.601 limited range.
std::vector<const spa_pod*> enum_format_params(PodStorage& storage, int width, int height, int fps);

// What a Format param the consumer settled on says.
struct NegotiatedFormat {
  std::uint32_t spa_format = 0;
  int width = 0;
  int height = 0;
};
std::optional<NegotiatedFormat> parse_format_param(const spa_pod* param);

// Buffers (one block of the writer's size and stride, in memfd or plain
// memory) and a header Meta (for sequence numbers and timestamps).
std::vector<const spa_pod*> buffer_params(PodStorage& storage, const FrameWriter& writer);

}  // namespace fakecam::output::pipewire
