// Voice gateway v8 opcodes (voice.md §3.3).
#pragma once

namespace parley::proto::voice {

enum class opcode : int {
  identify = 0,
  select_protocol = 1,
  ready = 2,
  heartbeat = 3,
  session_description = 4,
  speaking = 5,
  heartbeat_ack = 6,
  resume = 7,
  hello = 8,
  resumed = 9,
  clients_connect = 11,
  video = 12,                 // undocumented; [rec] ignore inbound, never send
  client_disconnect = 13,
  media_sink_wants = 15,      // undocumented; ignore
  voice_backend_version = 16, // undocumented; ignore
  // DAVE (dave.md); JSON unless marked binary.
  dave_prepare_transition = 21,
  dave_execute_transition = 22,
  dave_transition_ready = 23,
  dave_prepare_epoch = 24,
  dave_mls_external_sender = 25,             // binary, server → client
  dave_mls_key_package = 26,                 // binary, client → server
  dave_mls_proposals = 27,                   // binary, server → client
  dave_mls_commit_welcome = 28,              // binary, client → server
  dave_mls_announce_commit_transition = 29,  // binary, server → client
  dave_mls_welcome = 30,                     // binary, server → client
  dave_mls_invalid_commit_welcome = 31,
};

// Opcodes a server should ignore rather than close 4001 for (voice.md §3.3 [rec]).
constexpr bool ignored_inbound_opcode(int op) noexcept {
  return op == static_cast<int>(opcode::video) || op == static_cast<int>(opcode::media_sink_wants) ||
         op == static_cast<int>(opcode::voice_backend_version);
}

} // namespace parley::proto::voice
