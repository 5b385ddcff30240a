#include "bus/inproc/inproc_bus.hpp"

namespace parley::bus {

void inproc_bus::publish(event_ptr e) {
  for (const auto& s : subscribers_) s(e);
}

void inproc_bus::subscribe(std::function<void(const event_ptr&)> on_event) {
  subscribers_.push_back(std::move(on_event));
}

} // namespace parley::bus
