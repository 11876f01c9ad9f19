// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/pipewire/stream_params.hpp"

#include <spa/buffer/buffer.h>
#include <spa/buffer/meta.h>
#include <spa/param/buffers.h>
#include <spa/param/param.h>
#include <spa/param/video/format-utils.h>

#include "common/error.hpp"

namespace fakecam::output::pipewire {
namespace {

// Six formats plus two buffer params take about 1.5 KiB.
constexpr std::size_t kPodBytes = 8192;

// Buffers in flight: one being filled, one on its way, the rest held by the
// consumer. A consumer may ask for more (GStreamer's pipewiresrc wants 8).
constexpr int kBuffersDefault = 4;
constexpr int kBuffersMin = 2;
constexpr int kBuffersMax = 16;

const spa_pod* checked(const spa_pod* pod) {
  if (pod == nullptr) fail("PipeWire: internal error: stream parameters do not fit in {} bytes", kPodBytes);
  return pod;
}

int as_int(std::size_t v) { return static_cast<int>(v); }

}  // namespace

PodStorage::PodStorage() : bytes_(kPodBytes) {
  spa_pod_builder_init(&builder_, bytes_.data(), static_cast<std::uint32_t>(bytes_.size()));
}

std::vector<const spa_pod*> enum_format_params(PodStorage& storage, int width, int height, int fps) {
  std::vector<const spa_pod*> params;
  for (PixelFormat format : all_video_formats()) {
    spa_video_info_raw info{};
    info.format = static_cast<spa_video_format>(to_spa_video_format(format));
    info.size = spa_rectangle{static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height)};
    info.framerate = spa_fraction{static_cast<std::uint32_t>(fps), 1};
    if (is_yuv(format)) {
      info.color_range = SPA_VIDEO_COLOR_RANGE_16_235;
      info.color_matrix = SPA_VIDEO_COLOR_MATRIX_BT601;
    }
    params.push_back(checked(spa_format_video_raw_build(storage.builder(), SPA_PARAM_EnumFormat, &info)));
  }
  return params;
}

std::optional<NegotiatedFormat> parse_format_param(const spa_pod* param) {
  if (param == nullptr) return std::nullopt;
  std::uint32_t media_type = 0;
  std::uint32_t media_subtype = 0;
  if (spa_format_parse(param, &media_type, &media_subtype) < 0) return std::nullopt;
  if (media_type != SPA_MEDIA_TYPE_video || media_subtype != SPA_MEDIA_SUBTYPE_raw) return std::nullopt;
  spa_video_info_raw info{};
  if (spa_format_video_raw_parse(param, &info) < 0) return std::nullopt;
  return NegotiatedFormat{info.format, static_cast<int>(info.size.width), static_cast<int>(info.size.height)};
}

std::vector<const spa_pod*> buffer_params(PodStorage& storage, const FrameWriter& writer) {
  spa_pod_builder* b = storage.builder();
  std::vector<const spa_pod*> params;

  // Shared memory, no copies: the daemon allocates a link's buffers in one
  // memfd block mapped by both ends, each frame a MemPtr into it (PipeWire's
  // default for CPU video); MemFd also lets a consumer bring its own memfds.
  // DmaBuf is not offered: frames are made on the CPU, and GPU memory would
  // only add an upload and a dependency on a render node.
  spa_pod_frame f{};
  spa_pod_builder_push_object(b, &f, SPA_TYPE_OBJECT_ParamBuffers, SPA_PARAM_Buffers);
  spa_pod_builder_add(b, SPA_PARAM_BUFFERS_buffers, SPA_POD_CHOICE_RANGE_Int(kBuffersDefault, kBuffersMin, kBuffersMax),
                      SPA_PARAM_BUFFERS_blocks, SPA_POD_Int(1), SPA_PARAM_BUFFERS_size,
                      SPA_POD_Int(as_int(writer.frame_size())), SPA_PARAM_BUFFERS_stride,
                      SPA_POD_Int(as_int(writer.stride())), SPA_PARAM_BUFFERS_dataType,
                      SPA_POD_CHOICE_FLAGS_Int((1 << SPA_DATA_MemFd) | (1 << SPA_DATA_MemPtr)), 0);
  params.push_back(checked(static_cast<const spa_pod*>(spa_pod_builder_pop(b, &f))));

  spa_pod_builder_push_object(b, &f, SPA_TYPE_OBJECT_ParamMeta, SPA_PARAM_Meta);
  spa_pod_builder_add(b, SPA_PARAM_META_type, SPA_POD_Id(SPA_META_Header), SPA_PARAM_META_size,
                      SPA_POD_Int(as_int(sizeof(spa_meta_header))), 0);
  params.push_back(checked(static_cast<const spa_pod*>(spa_pod_builder_pop(b, &f))));
  return params;
}

}  // namespace fakecam::output::pipewire
