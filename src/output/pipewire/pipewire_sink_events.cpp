// SPDX-License-Identifier: GPL-3.0-or-later
// PipeWireSink's callbacks from PipeWire (on the loop thread, loop lock
// held): daemon errors, links appearing and going (the consumer count),
// stream state, the negotiated format, buffers added and removed.

#include "output/pipewire/pipewire_sink_impl.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <set>
#include <string_view>

#include <spa/utils/result.h>

#include "common/log.hpp"
#include "output/pipewire/shared_memory.hpp"

namespace fakecam::output::pipewire {
namespace {

std::optional<std::uint32_t> parse_id(const char* text) {
  if (text == nullptr) return std::nullopt;
  std::uint32_t value = 0;
  const std::string_view s(text);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// Memory the consumer maps too: a memfd of our own (SPA_DATA_MemFd), or, as
// PipeWire does by default, a pointer into the link's shared memfd block.
bool is_shared(const pw_buffer* buffer) {
  if (buffer->buffer->n_datas < 1) return false;
  const spa_data& d = buffer->buffer->datas[0];
  return d.type == SPA_DATA_MemFd || (d.data != nullptr && in_memfd_mapping(d.data));
}

}  // namespace

const pw_core_events& PipeWireSinkImpl::core_events() {
  static const pw_core_events events = [] {
    pw_core_events e{};
    e.version = PW_VERSION_CORE_EVENTS;
    e.error = &PipeWireSinkImpl::on_core_error;
    return e;
  }();
  return events;
}

const pw_registry_events& PipeWireSinkImpl::registry_events() {
  static const pw_registry_events events = [] {
    pw_registry_events e{};
    e.version = PW_VERSION_REGISTRY_EVENTS;
    e.global = &PipeWireSinkImpl::on_registry_global;
    e.global_remove = &PipeWireSinkImpl::on_registry_global_remove;
    return e;
  }();
  return events;
}

const pw_stream_events& PipeWireSinkImpl::stream_events() {
  static const pw_stream_events events = [] {
    pw_stream_events e{};
    e.version = PW_VERSION_STREAM_EVENTS;
    e.state_changed = &PipeWireSinkImpl::on_stream_state;
    e.param_changed = &PipeWireSinkImpl::on_stream_param;
    e.add_buffer = &PipeWireSinkImpl::on_add_buffer;
    e.remove_buffer = &PipeWireSinkImpl::on_remove_buffer;
    return e;
  }();
  return events;
}
void PipeWireSinkImpl::on_core_error(void* data, std::uint32_t id, int /*seq*/, int res, const char* message) {
  auto* self = static_cast<PipeWireSinkImpl*>(data);
  if (id == PW_ID_CORE && res == -EPIPE) {
    self->connection_lost(message);
    return;
  }
  spdlog::warn("PipeWire: error from the daemon on object {}: {} ({})", id, message ? message : "", spa_strerror(res));
  if (id == PW_ID_CORE && !self->opened_) {
    self->stream_error_ = message ? message : spa_strerror(res);
    self->state_ = PW_STREAM_STATE_ERROR;
    pw_thread_loop_signal(self->loop_.get(), false);
  }
}

void PipeWireSinkImpl::on_registry_global(void* data, std::uint32_t id, std::uint32_t /*permissions*/, const char* type,
                                          std::uint32_t /*version*/, const spa_dict* props) {
  auto* self = static_cast<PipeWireSinkImpl*>(data);
  if (type == nullptr || props == nullptr || std::strcmp(type, PW_TYPE_INTERFACE_Link) != 0) return;
  const auto out = parse_id(spa_dict_lookup(props, PW_KEY_LINK_OUTPUT_NODE));
  const auto in = parse_id(spa_dict_lookup(props, PW_KEY_LINK_INPUT_NODE));
  if (!out || !in) return;
  self->links_[id] = {*out, *in};
  self->update_readers();
}

void PipeWireSinkImpl::on_registry_global_remove(void* data, std::uint32_t id) {
  auto* self = static_cast<PipeWireSinkImpl*>(data);
  if (self->links_.erase(id) > 0) self->update_readers();
}

void PipeWireSinkImpl::on_stream_state(void* data, pw_stream_state old, pw_stream_state state, const char* error) {
  auto* self = static_cast<PipeWireSinkImpl*>(data);
  self->state_ = state;
  self->streaming_ = state == PW_STREAM_STATE_STREAMING;
  if (state == PW_STREAM_STATE_PAUSED || state == PW_STREAM_STATE_STREAMING) {
    self->node_id_ = pw_stream_get_node_id(self->stream_.get());
  }
  spdlog::debug("PipeWire: camera node {} -> {}{}{}", pw_stream_state_as_string(old), pw_stream_state_as_string(state),
                error ? ": " : "", error ? error : "");
  if (state == PW_STREAM_STATE_ERROR) {
    self->stream_error_ = error ? error : "unknown error";
    self->connection_lost(error);
  } else if (state == PW_STREAM_STATE_UNCONNECTED && self->opened_) {
    self->connection_lost("the daemon removed it");
  }
  self->update_readers();
  pw_thread_loop_signal(self->loop_.get(), false);
}

void PipeWireSinkImpl::on_stream_param(void* data, std::uint32_t id, const spa_pod* param) {
  auto* self = static_cast<PipeWireSinkImpl*>(data);
  if (id != SPA_PARAM_Format) return;
  self->writer_.reset();
  self->format_index_ = -1;
  const auto negotiated = parse_format_param(param);
  if (!negotiated) return;  // the format was cleared (no consumer, suspended)
  const auto format = from_spa_video_format(negotiated->spa_format);
  const auto& o = self->options_;
  if (!format || negotiated->width != o.width || negotiated->height != o.height) {
    // Cannot happen with the formats offered; say so rather than send garbage.
    spdlog::warn("PipeWire: a consumer set format {} {}x{}, which the camera node does not offer",
                 negotiated->spa_format, negotiated->width, negotiated->height);
    pw_stream_set_error(self->stream_.get(), -EINVAL, "unsupported format");
    return;
  }
  try {
    self->writer_.emplace(*format, o.width, o.height);
    PodStorage storage;
    std::vector<const spa_pod*> params = buffer_params(storage, *self->writer_);
    pw_stream_update_params(self->stream_.get(), params.data(), static_cast<std::uint32_t>(params.size()));
  } catch (const std::exception& e) {  // never let an exception cross libpipewire's C frames
    spdlog::error("PipeWire: cannot set up format {}: {}", video_format_name(*format), e.what());
    self->writer_.reset();
    return;
  }
  const auto formats = all_video_formats();
  self->format_index_ = static_cast<int>(std::find(formats.begin(), formats.end(), *format) - formats.begin());
  spdlog::info("PipeWire: a consumer reads the camera as {} {}x{}", video_format_name(*format), o.width, o.height);
}
void PipeWireSinkImpl::on_add_buffer(void* data, pw_buffer* buffer) {
  auto* self = static_cast<PipeWireSinkImpl*>(data);
  // user_data remembers the verdict so that removal undoes exactly it.
  const bool shared = is_shared(buffer);
  buffer->user_data = shared ? self : nullptr;
  if (shared) ++self->shared_buffers_;
}

void PipeWireSinkImpl::on_remove_buffer(void* data, pw_buffer* buffer) {
  if (buffer->user_data != nullptr) --static_cast<PipeWireSinkImpl*>(data)->shared_buffers_;
  buffer->user_data = nullptr;
}

void PipeWireSinkImpl::update_readers() {
  int readers = 0;
  if (streaming_) {
    const std::uint32_t node = node_id_;
    std::set<std::uint32_t> consumers;
    for (const auto& [link, ends] : links_) {
      if (ends.first == node) consumers.insert(ends.second);
    }
    // Streaming means linked; a link the registry has not shown yet still counts.
    readers = std::max<int>(1, static_cast<int>(consumers.size()));
  }
  if (readers_.exchange(readers) != readers) notify_change();
}

void PipeWireSinkImpl::notify_change() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(change_fd_.get(), &one, sizeof one);
}

}  // namespace fakecam::output::pipewire
