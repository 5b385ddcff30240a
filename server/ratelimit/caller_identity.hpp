// Who a request is counted against (REST rate limits, rest.md §4.3): the authenticated user, or the
// client address for unauthenticated calls. A plain value type, cheap to copy and hash.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace parley::server::ratelimit {

class caller_identity {
 public:
  enum class kind : std::uint8_t { none, user, address };

  // kind::none: nobody in particular; keys the buckets shared by every caller.
  constexpr caller_identity() noexcept = default;

  static constexpr caller_identity user(std::uint64_t user_id) noexcept {
    return caller_identity{kind::user, 0, user_id};
  }

  // Stored as the IPv4-mapped IPv6 address, so a v4 peer seen on a dual-stack socket as
  // ::ffff:a.b.c.d is the same caller as a.b.c.d.
  static constexpr caller_identity ipv4(const std::array<std::uint8_t, 4>& octets) noexcept {
    return caller_identity{kind::address, 0x0000'0000'0000'0000ULL,
                           0x0000'ffff'0000'0000ULL | std::uint64_t{octets[0]} << 24 |
                               std::uint64_t{octets[1]} << 16 | std::uint64_t{octets[2]} << 8 |
                               std::uint64_t{octets[3]}};
  }

  // Keyed by the /64 network for native IPv6: one subscriber usually holds a whole /64 and could
  // otherwise take a fresh limit per address. IPv4-mapped addresses keep all 128 bits.
  static constexpr caller_identity ipv6(const std::array<std::uint8_t, 16>& bytes) noexcept {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    for (int i = 0; i < 8; ++i) {
      high = high << 8 | bytes[static_cast<std::size_t>(i)];
      low = low << 8 | bytes[static_cast<std::size_t>(i + 8)];
    }
    if (high == 0 && (low >> 32) == 0xffff) {
      return caller_identity{kind::address, high, low};
    }
    return caller_identity{kind::address, high, 0};
  }

  constexpr kind type() const noexcept { return kind_; }
  constexpr std::uint64_t high() const noexcept { return high_; }
  constexpr std::uint64_t low() const noexcept { return low_; }

  friend constexpr bool operator==(const caller_identity&, const caller_identity&) noexcept = default;

 private:
  constexpr caller_identity(kind k, std::uint64_t high, std::uint64_t low) noexcept
      : high_{high}, low_{low}, kind_{k} {}

  std::uint64_t high_ = 0;
  std::uint64_t low_ = 0;
  kind kind_ = kind::none;
};

} // namespace parley::server::ratelimit
