// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// PipeWireSink's implementation, shared by its three source files:
// pipewire_sink.cpp (open, connect, reconnect, shut down),
// pipewire_sink_events.cpp (PipeWire's callbacks, consumer counting) and
// pipewire_sink_write.cpp (a frame into a buffer).
//
// PipeWireSink: a pw_stream (direction output, driver) on a pw_thread_loop.
//
// Threads: PipeWire's callbacks run on the thread loop with its lock held;
// every call from the caller's thread (write(), open, the destructor) takes
// the same lock. write() converts straight into the dequeued buffer's shared
// memory under the lock: the daemon may take buffers away (a consumer leaves,
// the format changes) only from the loop thread, so the memory cannot vanish
// mid-frame, and no extra copy is made. The loop thread waits at most one
// conversion (~1 ms at 720p).

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "common/unique_fd.hpp"
#include "output/pipewire/pipewire_sink.hpp"
#include "output/pipewire/pw_handles.hpp"
#include "output/pipewire/remote_address.hpp"
#include "output/pipewire/stream_params.hpp"

namespace fakecam::output::pipewire {

class PipeWireSinkImpl final : public PipeWireSink {
 public:
  explicit PipeWireSinkImpl(const PipeWireOptions& options);
  ~PipeWireSinkImpl() override;
  PipeWireSinkImpl(const PipeWireSinkImpl&) = delete;
  PipeWireSinkImpl& operator=(const PipeWireSinkImpl&) = delete;

  void write(const cv::Mat& bgr) override;
  void write_yuv(const YuvImage& frame) override;
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
  std::optional<PixelFormat> negotiated_format() const override;
  std::uint64_t frames_sent() const override { return sent_.load(); }
  int shared_memory_buffers() const override { return shared_buffers_.load(); }

 private:
  // write()'s and write_yuv()'s rest: `image` (a cv::Mat or a YuvImage of
  // the right size) into a dequeued buffer, sent. Defined and used only in
  // pipewire_sink_write.cpp.
  template <class Image>
  void send(const Image& image);

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
  std::optional<FrameWriter> writer_;                                       // for the negotiated format
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

}  // namespace fakecam::output::pipewire
