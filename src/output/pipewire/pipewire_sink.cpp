// SPDX-License-Identifier: GPL-3.0-or-later
// PipeWireSink's life cycle: open (connect and wait for the node), the
// daemon connection made and torn down, reconnection after a loss, and
// shutdown. Threads: see pipewire_sink_impl.hpp.

#include "output/pipewire/pipewire_sink_impl.hpp"

#include <string>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/log.hpp"

namespace fakecam::output {
namespace pipewire {
namespace {

// Detaches a listener if it is attached; safe to call twice.
void remove_hook(spa_hook& hook) {
  if (hook.link.next != nullptr) spa_hook_remove(&hook);
  hook = spa_hook{};
}

std::string offered_format_names() {
  std::string names;
  for (PixelFormat f : all_video_formats()) {
    if (!names.empty()) names += '/';
    names += video_format_name(f);
  }
  return names;
}

}  // namespace

PipeWireSinkImpl::PipeWireSinkImpl(const PipeWireOptions& options)
    : options_(options), address_(resolve_remote(options.remote, process_env())) {
  // The 4:2:0 formats need both sides even; sizes are not rounded (a silent
  // crop would surprise), as for the other virtual cameras.
  check_frame_size("PipeWire camera", PixelFormat::i420, options_.width, options_.height);
  if (options_.fps <= 0 || options_.fps > 1000)
    fail("PipeWire camera: frame rate {} is out of range (1..1000)", options_.fps);
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
      fail(
          "PipeWire: the daemon at {} did not register the camera node within {} ms; is it working? (try `pw-cli "
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

std::string PipeWireSinkImpl::description() const {
  return fmt::format("PipeWire camera '{}' {}x{} @{} ({}) on {}", options_.name, options_.width, options_.height,
                     options_.fps, offered_format_names(), address_.socket_path.value_or("the default daemon"));
}

std::optional<std::uint32_t> PipeWireSinkImpl::node_id() const {
  const std::uint32_t id = node_id_;
  if (id == SPA_ID_INVALID) return std::nullopt;
  return id;
}

std::optional<PixelFormat> PipeWireSinkImpl::negotiated_format() const {
  const int index = format_index_;
  if (index < 0) return std::nullopt;
  return all_video_formats()[static_cast<std::size_t>(index)];
}
}  // namespace pipewire

std::unique_ptr<PipeWireSink> open_pipewire(const PipeWireOptions& options) {
  return std::make_unique<pipewire::PipeWireSinkImpl>(options);
}

}  // namespace fakecam::output
