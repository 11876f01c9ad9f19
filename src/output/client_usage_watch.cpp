// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/client_usage_watch.hpp"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>

#include <cerrno>
#include <cstring>

#include "common/log.hpp"
#include "v4l2/ioctl.hpp"

namespace fakecam::output {

std::optional<int> client_usage_count(std::uint32_t type, const std::uint8_t* payload) {
  if (type != kClientUsageEvent) return std::nullopt;
  std::uint32_t count = 0;  // struct v4l2_event_client_usage { __u32 count; }
  std::memcpy(&count, payload, sizeof count);
  return count > 0 ? 1 : 0;
}

std::unique_ptr<ClientUsageConsumerWatch> ClientUsageConsumerWatch::try_open(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd) return nullptr;
  v4l2_event_subscription subscription{};
  subscription.type = kClientUsageEvent;
  // The current state comes as the first event: a reader that was already
  // streaming before fakecam started counts at once.
  subscription.flags = V4L2_EVENT_SUB_FL_SEND_INITIAL;
  if (v4l2::ioctl(fd.get(), VIDIOC_SUBSCRIBE_EVENT, &subscription) != 0) return nullptr;
  auto watch = std::unique_ptr<ClientUsageConsumerWatch>(new ClientUsageConsumerWatch(std::move(fd)));
  watch->drain();
  return watch;
}

bool ClientUsageConsumerWatch::drain() {
  bool any = false;
  for (;;) {
    pollfd p{fd_.get(), POLLPRI, 0};
    if (::poll(&p, 1, 0) <= 0 || !(p.revents & POLLPRI)) return any;
    v4l2_event event{};
    if (v4l2::ioctl(fd_.get(), VIDIOC_DQEVENT, &event) != 0) return any;
    any = true;
    if (const auto count = client_usage_count(event.type, event.u.data)) readers_ = *count;
  }
}

int ClientUsageConsumerWatch::readers() {
  drain();
  return readers_;
}

std::unique_ptr<ConsumerWatch> watch_loopback_readers(const std::filesystem::path& path) {
  if (auto usage = ClientUsageConsumerWatch::try_open(path)) {
    // v4l2loopback 0.13 reports only readers that stream (VIDIOC_STREAMON:
    // browsers, OBS, ffmpeg); one that uses read() is never reported and
    // would get a black frame a second for good. Say so where it matters.
    spdlog::info(
        "{}: on demand: readers counted by v4l2loopback's client-usage event, which reports only programs "
        "that stream (browsers, OBS, ffmpeg); a program that uses read() is not seen and gets a black frame "
        "a second: for such a program run fakecam with --no-ondemand",
        path.string());
    return usage;
  }
  spdlog::info("{}: readers counted by watching opens (v4l2loopback < 0.13 has no client-usage event)", path.string());
  return std::make_unique<InotifyConsumerWatch>(path);
}

}  // namespace fakecam::output
