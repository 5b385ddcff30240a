// The single-process bus: publish calls every subscriber directly on the publisher's thread.
#pragma once

#include <functional>
#include <vector>

#include "bus/bus.hpp"

namespace parley::bus {

class inproc_bus final : public bus {
 public:
  void publish(event_ptr e) override;
  void subscribe(std::function<void(const event_ptr&)> on_event) override;

 private:
  // Written only during startup (before publish is first called), read concurrently afterwards.
  std::vector<std::function<void(const event_ptr&)>> subscribers_;
};

} // namespace parley::bus
