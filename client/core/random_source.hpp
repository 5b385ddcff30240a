// The core's only source of randomness, injected by the caller: heartbeat and reconnect jitter
// (gateway.md §3.2), WebSocket masking keys and the Sec-WebSocket-Key (RFC 6455 §4.1, §5.3).
// Nothing in client/core reads a global generator, so tests replay exactly.
#pragma once

#include <cstdint>
#include <functional>

namespace parley::client {

// Returns 64 uniformly random bits per call. Called from inside the core's member functions; it
// must not call back into the core. RFC 6455 wants masking keys an intermediary cannot predict:
// a runtime on a real network should pass a cryptographic generator (e.g. libsodium's
// randombytes_buf, or std::random_device); make_seeded_random suits tests and trusted networks.
using random_source = std::function<std::uint64_t()>;

// A deterministic generator (splitmix64) for tests and fuzzing; not cryptographic.
random_source make_seeded_random(std::uint64_t seed);

// A uniform double in [0, 1) from 53 of the source's bits.
double unit_interval(const random_source& random);

} // namespace parley::client
