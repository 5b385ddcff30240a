// The shared store of replayable dispatches (gateway.md §3.6); see replay_log.hpp.
#include "proto/gateway/replay_log.hpp"

#include <cassert>

namespace parley::proto::gateway {

void replay_log::pop_front() noexcept {
  bytes_ -= entries_.front().event->retained_size();
  entries_.pop_front();
  ++first_;
}

replay_log::position replay_log::append(std::shared_ptr<const dispatch_event> event, time_point now) {
  assert(event != nullptr);
  expire(now);
  const std::size_t size = event->retained_size();
  while (!entries_.empty() && (entries_.size() >= limits_.max_events || bytes_ + size > limits_.max_bytes)) pop_front();
  bytes_ += size;
  entries_.push_back(entry{std::move(event), now});
  return end() - 1;
}

void replay_log::expire(time_point now) {
  while (!entries_.empty() && now - entries_.front().at > limits_.max_age) pop_front();
}

const dispatch_event* replay_log::find(position p) const noexcept {
  if (p < first_ || p >= end()) return nullptr;
  return entries_[p - first_].event.get();
}

std::shared_ptr<const dispatch_event> replay_log::get(position p) const {
  if (p < first_ || p >= end()) return nullptr;
  return entries_[p - first_].event;
}

} // namespace parley::proto::gateway
