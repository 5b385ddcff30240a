// The marker a fan-out event carries so each receiver can tell which event it got and when it
// was triggered: "plb.<seq>.<microseconds>". At most 26 characters, so it fits a global_name
// (1-32 characters, no '@', '#', ':'), and free of characters JSON would escape.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::bench::gateway_load {

struct fanout_marker {
  std::uint32_t seq = 0;       // event number within the run, from 0
  std::uint64_t sent_us = 0;   // CLOCK_MONOTONIC microseconds when the trigger was sent
};

constexpr std::string_view marker_prefix = "plb.";
constexpr std::size_t max_marker_size = 4 + 10 + 1 + 20;

// Writes the marker into `buffer` and returns the view of it.
std::string_view format_marker(fanout_marker m, std::array<char, max_marker_size>& buffer) noexcept;

// The first marker found anywhere in `text` (e.g. the raw `d` of a dispatch), or nullopt.
std::optional<fanout_marker> find_marker(std::string_view text) noexcept;

} // namespace parley::bench::gateway_load
