// Which WebSocket upgrades on the shared HTTP port are for the voice gateway, and with which
// version (voice.md §2, §3.1; clients.md §7). Clients build the voice URL from
// VOICE_SERVER_UPDATE's "host:port": discord.js `wss://host:port?v=8`, discord.py and D++
// `wss://host:port/?v=8`, so the voice gateway shares "/" with the main gateway (which D++ also
// reaches at "/", with `?v=10&encoding=json`). The rule:
//   * path /gateway or /gateway/            → main gateway, whatever the query;
//   * path /voice or /voice/...             → voice (DESIGN.md's explicit path);
//   * any other path whose query has `v` = 1-8 and no `encoding` key → voice. Every main-gateway
//     client sends v=9 or 10 and an encoding; no voice client sends an encoding;
//   * anything else                         → not voice (the main gateway decides).
#pragma once

#include <optional>
#include <string_view>

namespace parley::server::voice {

// The voice gateway version asked for by the request target ("/?v=8"), when the upgrade is for
// the voice gateway; 0 when it is (path /voice) but `v` is absent or not a number 1-99 (the
// gateway then closes with 4020). nullopt when the upgrade is not for the voice gateway.
std::optional<int> voice_upgrade_version(std::string_view target) noexcept;

} // namespace parley::server::voice
