// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Readers of a v4l2loopback device as the driver itself counts them:
// v4l2loopback >= 0.13 queues a private event, V4L2_EVENT_PRI_CLIENT_USAGE,
// when a reader starts or stops streaming (STREAMON, STREAMOFF, close). A
// program that only opens the device to list it, or probes it, never streams,
// so it never counts: better than watching opens, which every probe triggers.
//
// v4l2loopback 0.12 (Debian 12) has no such event and refuses the
// subscription; watch_loopback_readers() then falls back to inotify.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "common/unique_fd.hpp"
#include "output/consumer_watch.hpp"

namespace fakecam::output {

// V4L2_EVENT_PRIVATE_START + v4l2loopback's offset + 1 (v4l2loopback.h).
inline constexpr std::uint32_t kClientUsageEvent = 0x08000000u + 0x08E00000u + 1u;

// The "count" of a client-usage event's payload (non-zero: some reader is
// streaming), or nullopt for an event of another type. `payload` is the
// event's 64-byte data union.
std::optional<int> client_usage_count(std::uint32_t type, const std::uint8_t* payload);

class ClientUsageConsumerWatch final : public ConsumerWatch {
 public:
  // Subscribes on its own descriptor of the device (opening it does not make
  // a reader or a producer). nullopt when the driver has no such event
  // (v4l2loopback < 0.13, or not a V4L2 device at all).
  static std::unique_ptr<ClientUsageConsumerWatch> try_open(const std::filesystem::path& path);

  // 1 while some reader streams, else 0 (the driver says whether, not how many).
  int readers() override;
  // POLLPRI, edge-triggered: a V4L2 node that neither reads nor writes may
  // report an error bit all the time.
  Wakeup wakeup() const override { return {fd_.get(), POLLPRI, true}; }

 private:
  explicit ClientUsageConsumerWatch(UniqueFd fd) : fd_(std::move(fd)) {}
  // Dequeues every pending event; true if any arrived.
  bool drain();

  UniqueFd fd_;
  int readers_ = 0;
};

// The best reader watch the device offers: the driver's client-usage event,
// else inotify. Logs which (once). Throws Error naming the path if neither
// works.
std::unique_ptr<ConsumerWatch> watch_loopback_readers(const std::filesystem::path& path);

}  // namespace fakecam::output
