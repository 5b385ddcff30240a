// Seeded generator and [0, 1) helper for the injected random source (random_source.hpp).
#include "client/core/random_source.hpp"

#include <cassert>

namespace parley::client {

random_source make_seeded_random(std::uint64_t seed) {
  return [state = seed]() mutable {
    // splitmix64 (Steele, Lea, Flood 2014): every seed, including 0, gives a full-period stream.
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
}

double unit_interval(const random_source& random) {
  assert(random);
  return static_cast<double>(random() >> 11) * 0x1.0p-53;
}

} // namespace parley::client
