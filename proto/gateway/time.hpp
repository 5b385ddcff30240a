// The one time representation of the gateway core: a point on the caller's steady clock. The core
// never reads a clock; every input carries `now` and every deadline comes back as a time_point.
#pragma once

#include <chrono>

namespace parley::proto::gateway {

using time_point = std::chrono::steady_clock::time_point;
using duration = std::chrono::steady_clock::duration;

} // namespace parley::proto::gateway
