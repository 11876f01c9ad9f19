// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/consumer_demand.hpp"

#include <algorithm>

namespace fakecam::output {

bool ConsumerDemand::update(int readers, Clock::time_point now) {
  if (readers <= 0) {
    readers_since_.reset();
  } else if (!readers_since_) {
    readers_since_ = now;
  }
  const bool settled = readers_since_ && now - *readers_since_ >= timing_.settle;
  if (settled) {
    wanted_ = true;
    idle_since_.reset();
  } else if (wanted_) {
    if (!idle_since_) idle_since_ = now;
    if (now - *idle_since_ >= timing_.grace) {
      wanted_ = false;
      idle_since_.reset();
    }
  }
  return wanted_;
}

std::optional<Clock::time_point> ConsumerDemand::deadline() const {
  std::optional<Clock::time_point> at;
  if (idle_since_) at = *idle_since_ + timing_.grace;
  if (readers_since_ && (!wanted_ || idle_since_)) {
    const auto settles = *readers_since_ + timing_.settle;
    at = at ? std::min(*at, settles) : settles;
  }
  return at;
}

DemandMonitor::DemandMonitor(EventLoop& loop, std::vector<ConsumerWatch*> watches, DemandTiming timing,
                             OnChange on_change)
    : loop_(loop),
      watches_(std::move(watches)),
      demand_(timing, true),
      on_change_(std::move(on_change)),
      last_wanted_(true),
      timer_(loop.timer([this] { evaluate(); })) {
  for (ConsumerWatch* watch : watches_) {
    const ConsumerWatch::Wakeup wakeup = watch->wakeup();
    fd_watches_.push_back(loop.watch(
        wakeup.fd, wakeup.events, [this](short) { evaluate(); }, wakeup.edge_triggered));
  }
  timer_.start_at(Clock::now());
}

DemandMonitor::~DemandMonitor() {
  loop_.call([this] {
    timer_.reset();
    fd_watches_.clear();
  });
}

void DemandMonitor::evaluate() {
  int readers = 0;
  std::optional<Clock::time_point> next;
  for (ConsumerWatch* watch : watches_) {
    readers += watch->readers();
    if (const auto at = watch->recheck_at()) next = next ? std::min(*next, *at) : *at;
  }
  const bool wanted = demand_.update(readers, Clock::now());
  if (const auto at = demand_.deadline()) next = next ? std::min(*next, *at) : *at;
  if (next) {
    timer_.start_at(*next);
  } else {
    timer_.cancel();
  }
  if (wanted != last_wanted_ || readers != last_readers_) {
    last_wanted_ = wanted;
    last_readers_ = readers;
    on_change_(wanted, readers);
  }
}

}  // namespace fakecam::output
