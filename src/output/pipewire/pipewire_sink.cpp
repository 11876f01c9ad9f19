// PipeWireSink: a pw_stream (direction output, driver) on a pw_thread_loop.
//
// Threads: PipeWire's callbacks run on the thread loop with its lock held;
// every call from the caller's thread (write(), open, the destructor) takes
// the same lock. write() converts straight into the dequeued buffer's shared
// memory under the lock: the daemon may take buffers away (a consumer leaves,
// the format changes) only from the loop thread, so the memory cannot vanish
// mid-frame, and no extra copy is made. The loop thread waits at most one
// conversion (~1 ms at 720p).

#include "output/pipewire/pipewire_sink.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <spa/buffer/meta.h>
#include <spa/utils/result.h>

#include "common/error.hpp"
#include "common/log.hpp"
#include "output/pipewire/pw_handles.hpp"
#include "output/pipewire/remote_address.hpp"
#include "output/pipewire/shared_memory.hpp"
#include "output/pipewire/stream_params.hpp"

namespace fakecam::output {
namespace {

using namespace pipewire;

std::uint64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

std::optional<std::uint32_t> parse_id(const char* text) {
  if (text == nullptr) return std::nullopt;
  std::uint32_t value = 0;
  const std::string_view s(text);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// Detaches a listener if it is attached; safe to call twice.
void remove_hook(spa_hook& hook) {
  if (hook.link.next != nullptr) spa_hook_remove(&hook);
  hook = spa_hook{};
}

std::string offered_format_names() {
  std::string names;
  for (VideoFormat f : all_video_formats()) {
    if (!names.empty()) names += '/';
    names += video_format_name(f);
  }
  return names;
}

class PipeWireSinkImpl final : public PipeWireSink {
 public:
  explicit PipeWireSinkImpl(const PipeWireOptions& options);
  ~PipeWireSinkImpl() override;
  PipeWireSinkImpl(const PipeWireSinkImpl&) = delete;
  PipeWireSinkImpl& operator=(const PipeWireSinkImpl&) = delete;

  void write(const cv::Mat& bgr) override;
  std::string description() const override;
  std::uint64_t dropped_frames() const override { return dropped_.load(); }

  int readers() override {
    std::uint64_t count = 0;  // the changes are read: the eventfd waits for the next one
    [[maybe_unused]] const auto n = ::read(change_fd_.get(), &count, sizeof count);
    return readers_.load();
  }
  Wakeup wakeup() const override { return {change_fd_.get(), POLLIN, false}; }

  std::optional<std::uint32_t> node_id() const override;
  bool connected() const override { return connected_.load(); }
  std::optional<VideoFormat> negotiated_format() const override;
  std::uint64_t frames_sent() const override { return sent_.load(); }
  int shared_memory_buffers() const override { return shared_buffers_.load(); }

 private:
  // All below run on the loop thread, or with the loop lock held.
  bool connect();     // false if the daemon cannot be reached (errno set)
  void disconnect();  // drops stream, registry and core
  void connection_lost(const char* why);
  void update_readers();
  void notify_change();
  void shutdown();  // stops the loop thread, then frees everything

  static void on_core_error(void* data, std::uint32_t id, int seq, int res, const char* message);
  static void on_registry_global(void* data, std::uint32_t id, std::uint32_t permissions, const char* type,
                                 std::uint32_t version, const spa_dict* props);
  static void on_registry_global_remove(void* data, std::uint32_t id);
  static void on_stream_state(void* data, pw_stream_state old, pw_stream_state state, const char* error);
  static void on_stream_param(void* data, std::uint32_t id, const spa_pod* param);
  static void on_add_buffer(void* data, pw_buffer* buffer);
  static void on_remove_buffer(void* data, pw_buffer* buffer);
  static void on_reconnect_timer(void* data, std::uint64_t expirations);
  static const pw_core_events& core_events();
  static const pw_registry_events& registry_events();
  static const pw_stream_events& stream_events();

  PipeWireOptions options_;
  RemoteAddress address_;

  ThreadLoopPtr loop_;
  ContextPtr context_;
  CorePtr core_;
  spa_hook core_listener_{};
  RegistryPtr registry_;
  spa_hook registry_listener_{};
  StreamPtr stream_;
  spa_hook stream_listener_{};
  LoopTimer reconnect_timer_;

  // Loop-thread state (loop lock).
  pw_stream_state state_ = PW_STREAM_STATE_UNCONNECTED;
  std::string stream_error_;
  std::optional<FrameWriter> writer_;  // for the negotiated format
  std::map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> links_;  // id -> (output node, input node)
  std::uint64_t sequence_ = 0;
  bool opened_ = false;  // open finished: losses are reconnected from now on
  bool lost_ = false;    // the reconnect timer runs
  bool retry_logged_ = false;
  bool bad_buffer_logged_ = false;

  // Read from any thread without the lock.
  std::atomic<bool> streaming_{false};
  std::atomic<bool> connected_{false};
  std::atomic<std::uint32_t> node_id_{SPA_ID_INVALID};
  std::atomic<int> format_index_{-1};  // into all_video_formats(), -1 = none
  std::atomic<int> shared_buffers_{0};
  std::atomic<int> readers_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> sent_{0};

  // Readable after every change of readers_ (ConsumerWatch::wakeup).
  UniqueFd change_fd_{::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)};
};


PipeWireSinkImpl::PipeWireSinkImpl(const PipeWireOptions& options)
    : options_(options), address_(resolve_remote(options.remote, process_env())) {
  // The 4:2:0 formats need both sides even; sizes are not rounded (a silent
  // crop would surprise), as for the other virtual cameras.
  check_frame_size("PipeWire camera", PixelFormat::i420, options_.width, options_.height);
  if (options_.fps <= 0 || options_.fps > 1000) fail("PipeWire camera: frame rate {} is out of range (1..1000)", options_.fps);
  if (options_.name.empty()) fail("PipeWire camera: the node name must not be empty");
  if (options_.description.empty()) options_.description = options_.name;

  ensure_initialised();
  try {
    loop_.reset(pw_thread_loop_new("fakecam-pipewire", nullptr));
    if (!loop_) fail("PipeWire: cannot create a thread loop: {}", errno_text(errno));
    pw_loop* loop = pw_thread_loop_get_loop(loop_.get());
    context_.reset(pw_context_new(loop, nullptr, 0));
    if (!context_) fail("PipeWire: cannot create a context: {}", errno_text(errno));
    reconnect_timer_ = LoopTimer(loop, pw_loop_add_timer(loop, &PipeWireSinkImpl::on_reconnect_timer, this));
    if (!reconnect_timer_) fail("PipeWire: cannot create a timer: {}", errno_text(errno));
    if (pw_thread_loop_start(loop_.get()) < 0) fail("PipeWire: cannot start the thread loop: {}", errno_text(errno));

    LoopLock lock(loop_.get());
    if (!connect()) throw Error(connect_error_message(address_, errno));
    timespec deadline{};
    pw_thread_loop_get_time(loop_.get(), &deadline,
                            std::chrono::duration_cast<std::chrono::nanoseconds>(options_.connect_timeout).count());
    while (state_ != PW_STREAM_STATE_PAUSED && state_ != PW_STREAM_STATE_STREAMING && state_ != PW_STREAM_STATE_ERROR &&
           !lost_) {
      if (pw_thread_loop_timed_wait_full(loop_.get(), &deadline) == -ETIMEDOUT) break;
    }
    const std::string where = address_.socket_path.value_or("(default)");
    if (state_ == PW_STREAM_STATE_ERROR) {
      fail("PipeWire: the daemon at {} refused the camera node '{}': {}", where, options_.name, stream_error_);
    }
    if (lost_) fail("PipeWire: the daemon at {} closed the connection while the camera node was set up", where);
    if (state_ != PW_STREAM_STATE_PAUSED && state_ != PW_STREAM_STATE_STREAMING) {
      fail("PipeWire: the daemon at {} did not register the camera node within {} ms; is it working? (try `pw-cli "
           "info 0`)",
           where, options_.connect_timeout.count());
    }
    opened_ = true;
  } catch (...) {
    shutdown();
    throw;
  }
}

PipeWireSinkImpl::~PipeWireSinkImpl() { shutdown(); }

void PipeWireSinkImpl::shutdown() {
  if (loop_) pw_thread_loop_stop(loop_.get());  // no callback runs after this
  reconnect_timer_.reset();
  disconnect();
  context_.reset();
  loop_.reset();
}

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

bool PipeWireSinkImpl::connect() {
  pw_properties* core_props = pw_properties_new(PW_KEY_APP_NAME, "fakecam", nullptr);
  if (!options_.remote.empty()) pw_properties_set(core_props, PW_KEY_REMOTE_NAME, options_.remote.c_str());
  core_.reset(pw_context_connect(context_.get(), core_props, 0));  // takes core_props
  if (!core_) return false;
  pw_core_add_listener(core_.get(), &core_listener_, &core_events(), this);
  registry_.reset(pw_core_get_registry(core_.get(), PW_VERSION_REGISTRY, 0));
  if (registry_) pw_registry_add_listener(registry_.get(), &registry_listener_, &registry_events(), this);

  // media.role Camera is what the camera portal (browsers) and WirePlumber's
  // access rules look for; media.class Video/Source makes it a device-like
  // source that consumers choose, not a stream linked somewhere by policy.
  pw_properties* props = pw_properties_new(PW_KEY_MEDIA_TYPE, "Video", PW_KEY_MEDIA_CLASS, "Video/Source",
                                           PW_KEY_MEDIA_ROLE, "Camera", PW_KEY_NODE_NAME, options_.name.c_str(),
                                           PW_KEY_NODE_DESCRIPTION, options_.description.c_str(), nullptr);
  stream_.reset(pw_stream_new(core_.get(), options_.description.c_str(), props));  // takes props
  if (!stream_) {
    const int err = errno;
    disconnect();
    errno = err;
    return false;
  }
  pw_stream_add_listener(stream_.get(), &stream_listener_, &stream_events(), this);
  PodStorage storage;
  std::vector<const spa_pod*> params = enum_format_params(storage, options_.width, options_.height, options_.fps);
  const auto flags = static_cast<pw_stream_flags>(PW_STREAM_FLAG_DRIVER | PW_STREAM_FLAG_MAP_BUFFERS);
  const int res = pw_stream_connect(stream_.get(), PW_DIRECTION_OUTPUT, PW_ID_ANY, flags, params.data(),
                                    static_cast<std::uint32_t>(params.size()));
  if (res < 0) {
    disconnect();
    errno = -res;
    return false;
  }
  connected_ = true;
  return true;
}

void PipeWireSinkImpl::disconnect() {
  connected_ = false;
  streaming_ = false;
  node_id_ = SPA_ID_INVALID;
  format_index_ = -1;
  shared_buffers_ = 0;
  writer_.reset();
  links_.clear();
  state_ = PW_STREAM_STATE_UNCONNECTED;
  // Listeners first, so that destroying raises no callbacks into us.
  remove_hook(stream_listener_);
  stream_.reset();
  remove_hook(registry_listener_);
  registry_.reset();
  remove_hook(core_listener_);
  core_.reset();
  update_readers();
}

void PipeWireSinkImpl::connection_lost(const char* why) {
  connected_ = false;
  streaming_ = false;
  update_readers();
  pw_thread_loop_signal(loop_.get(), false);
  if (lost_) return;
  lost_ = true;
  if (!opened_) return;  // open reports it
  spdlog::warn("PipeWire: lost the camera node ({}); reconnecting to {} every {} ms", why ? why : "no reason given",
               address_.socket_path.value_or("the daemon"), options_.reconnect_interval.count());
  const long interval = static_cast<long>(std::chrono::nanoseconds(options_.reconnect_interval).count());
  reconnect_timer_.arm(interval, interval);
}

void PipeWireSinkImpl::on_reconnect_timer(void* data, std::uint64_t /*expirations*/) {
  auto* self = static_cast<PipeWireSinkImpl*>(data);
  // The old connection is torn down here, outside its own callbacks.
  self->disconnect();
  if (!self->connect()) {
    if (!self->retry_logged_) {
      spdlog::info("PipeWire: the daemon at {} is not back yet; still trying",
                   self->address_.socket_path.value_or("the default socket"));
    }
    self->retry_logged_ = true;
    return;  // the timer fires again
  }
  self->reconnect_timer_.disarm();
  self->lost_ = false;
  self->retry_logged_ = false;
  spdlog::info("PipeWire: reconnected; camera node '{}' published again", self->options_.name);
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

void PipeWireSinkImpl::on_registry_global(void* data, std::uint32_t id, std::uint32_t /*permissions*/,
                                          const char* type, std::uint32_t /*version*/, const spa_dict* props) {
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

// Memory the consumer maps too: a memfd of our own (SPA_DATA_MemFd), or, as
// PipeWire does by default, a pointer into the link's shared memfd block.
bool is_shared(const pw_buffer* buffer) {
  if (buffer->buffer->n_datas < 1) return false;
  const spa_data& d = buffer->buffer->datas[0];
  return d.type == SPA_DATA_MemFd || (d.data != nullptr && in_memfd_mapping(d.data));
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

void PipeWireSinkImpl::write(const cv::Mat& bgr) {
  if (bgr.type() != CV_8UC3 || bgr.cols != options_.width || bgr.rows != options_.height) {
    fail("PipeWire camera: got a {}x{} frame of type {}, expected {}x{} 8-bit BGR", bgr.cols, bgr.rows, bgr.type(),
         options_.width, options_.height);
  }
  if (!streaming_) return;  // nobody watches: not even a conversion
  LoopLock lock(loop_.get());
  if (!stream_ || !writer_ || state_ != PW_STREAM_STATE_STREAMING) return;
  pw_buffer* buffer = pw_stream_dequeue_buffer(stream_.get());
  if (buffer == nullptr) {  // the consumer still holds every buffer
    ++dropped_;
    return;
  }
  spa_buffer* buf = buffer->buffer;
  spa_data& d = buf->datas[0];
  const std::size_t size = writer_->frame_size();
  const bool usable = buf->n_datas >= 1 && d.data != nullptr && d.maxsize >= size;
  if (usable) {
    writer_->write(bgr, static_cast<std::uint8_t*>(d.data));
    d.chunk->offset = 0;
    d.chunk->size = static_cast<std::uint32_t>(size);
    d.chunk->stride = static_cast<std::int32_t>(writer_->stride());
    d.chunk->flags = SPA_CHUNK_FLAG_NONE;
  } else {
    // Buffers this small or unmapped cannot come from the params we set;
    // hand it back empty rather than write out of bounds.
    if (!bad_buffer_logged_) spdlog::warn("PipeWire: got an unusable buffer ({} bytes for a {}-byte frame)", d.maxsize, size);
    bad_buffer_logged_ = true;
    d.chunk->size = 0;
    d.chunk->flags = SPA_CHUNK_FLAG_CORRUPTED;
    ++dropped_;
  }
  if (auto* header = static_cast<spa_meta_header*>(spa_buffer_find_meta_data(buf, SPA_META_Header, sizeof(spa_meta_header)))) {
    header->flags = usable ? 0 : SPA_META_HEADER_FLAG_CORRUPTED;
    header->offset = 0;
    header->pts = static_cast<std::int64_t>(monotonic_ns());
    header->dts_offset = 0;
    header->seq = sequence_++;
  }
  pw_stream_queue_buffer(stream_.get(), buffer);
  // Driving: runs one graph cycle now. Driven by another node: asks it for one.
  pw_stream_trigger_process(stream_.get());
  if (usable) ++sent_;
}

std::string PipeWireSinkImpl::description() const {
  return fmt::format("PipeWire camera '{}' {}x{} @{} ({}) on {}", options_.name, options_.width, options_.height,
                     options_.fps, offered_format_names(), address_.socket_path.value_or("the default daemon"));
}

std::optional<std::uint32_t> PipeWireSinkImpl::node_id() const {
  const std::uint32_t id = node_id_;
  if (id == SPA_ID_INVALID) return std::nullopt;
  return id;
}

std::optional<VideoFormat> PipeWireSinkImpl::negotiated_format() const {
  const int index = format_index_;
  if (index < 0) return std::nullopt;
  return all_video_formats()[static_cast<std::size_t>(index)];
}

}  // namespace

std::unique_ptr<PipeWireSink> open_pipewire(const PipeWireOptions& options) {
  return std::make_unique<PipeWireSinkImpl>(options);
}

}  // namespace fakecam::output
