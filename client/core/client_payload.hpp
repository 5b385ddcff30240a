// Client→server gateway payloads {"op", "d"} in JSON or ETF (gateway.md §1.3, §2, §3.3, §3.6,
// §12). Clients send only `op` and `d`; ETF maps are written with BINARY keys, since Discord
// closes with 4002 on atom keys from clients (§12.2).
#pragma once

#include "client/core/identify_params.hpp"
#include "proto/gateway/encoding.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::client {

// Appends one complete payload (for ETF with the version byte) to `out`.
// Precondition for ETF: doubles in `d` are finite.
void write_client_payload(proto::gateway::encoding enc, std::int64_t op, const boost::json::value& d,
                          std::string& out);

// op 1's `d`: the last sequence number seen, or null before the first dispatch.
boost::json::value heartbeat_data(std::optional<std::uint64_t> last_seq);
// op 2's `d` (§3.3).
boost::json::value identify_data(const identify_params& params);
// op 6's `d` (§3.6).
boost::json::value resume_data(std::string_view token, std::string_view session_id,
                               std::optional<std::uint64_t> seq);

} // namespace parley::client
