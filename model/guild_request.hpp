// Reading guild-domain fields of REST request bodies (rest.md §6.5 overwrites, §7.3/§7.4 bodies,
// §8.1 permission bit sets). Each reader adds Discord-style field errors (rest.md §3.2) under the
// given dotted path to `errors` and returns nullopt on failure, so a use case can report every bad
// field at once and answer with `errors` when has_field_errors().
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "model/api_error.hpp"
#include "model/guild.hpp"
#include "model/permission_bits.hpp"

namespace parley::model {

// Parley's cap on overwrites in one request (Discord does not document one).
inline constexpr std::size_t max_overwrites_per_channel = 100;

// A permission bit set: a decimal string (what v8+ clients send) or a non-negative JSON integer
// (older clients). Errors: NUMBER_TYPE_COERCE for anything else or values above 2^64-1;
// PERMISSIONS_UNKNOWN_BITS (Parley's own code) when a bit outside permission::all is set.
std::optional<permissions> parse_permissions(const boost::json::value& v, std::string_view path, api_error& errors);

// One overwrite object {id, type (0 role, 1 member), allow?, deny?}; absent or null allow/deny = 0.
std::optional<permission_overwrite> parse_overwrite(const boost::json::value& v, std::string_view path,
                                                    api_error& errors);
// An array of overwrites (permission_overwrites of channel create/modify). Rejects duplicate ids
// and more than max_overwrites_per_channel entries.
std::optional<std::vector<permission_overwrite>> parse_overwrites(const boost::json::value& v, std::string_view path,
                                                                  api_error& errors);

// A channel type integer that is one of `allowed` (BASE_TYPE_CHOICES otherwise, listing them).
std::optional<channel_type> parse_channel_type(const boost::json::value& v, std::string_view path,
                                               std::span<const channel_type> allowed, api_error& errors);

// The types POST /guilds/{id}/channels accepts: 0, 2, 4, 5, 13, 15, 16.
std::span<const channel_type> creatable_guild_channel_types();

} // namespace parley::model
