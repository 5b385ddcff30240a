// The selective forwarding unit's packet path (voice.md §7, §8, §10; DESIGN.md "Voice"), sans
// I/O: datagrams in (with their source address), datagrams out (with their destination), no
// sockets, threads or clocks. The UDP adapter (udp_transport.hpp) feeds it from recvmmsg and
// writes its batches with sendmmsg; tests and the benchmark feed it from memory.
//
// Per datagram:
//   IP discovery request  → answered (74 bytes to the source) only for an SSRC handed out in a
//                           Ready (add_participant), and only from the participant's address
//                           once that is pinned.
//   RTP                   → demultiplexed by SSRC, checked against the participant's address,
//                           decrypted once in place with the sender's key, then encrypted once
//                           per listener in the same channel with the listener's key and its own
//                           outbound nonce counter. Not forwarded from a muted speaker or an SSRC
//                           not yet bound by op 5; nothing to a deafened listener.
//   RTCP, keep-alives     → dropped (counted).
// Anything malformed or unauthentic is dropped after at most one AEAD attempt, and counted.
//
// No reflection: a datagram is only ever sent to a participant's media address, which is set by
// an IP discovery request carrying that participant's SSRC. Until Select Protocol arrives a newer
// discovery may replace it; from then on the address is pinned and moves only when a packet
// authenticated with the participant's key arrives from elsewhere (NAT rebinding). Discovery
// replies are the size of the request, so they amplify nothing.
//
// Not thread-safe: one thread owns an sfu (the UDP thread).
#pragma once

#include "proto/voice/transport_cipher.hpp"
#include "server/voice/media_command.hpp"
#include "server/voice/udp_peer.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace parley::server::voice {

struct sfu_counters {
  std::uint64_t datagrams_in = 0;
  std::uint64_t discovery_answered = 0;
  std::uint64_t discovery_refused = 0;   // unknown SSRC, or a pinned participant asked from elsewhere
  std::uint64_t rtp_in = 0;              // authentic RTP accepted from a participant
  std::uint64_t rtp_out = 0;             // re-encrypted copies queued for listeners
  std::uint64_t dropped_malformed = 0;   // not RTP, bad discovery, too short for the mode
  std::uint64_t dropped_unknown_ssrc = 0;
  std::uint64_t dropped_undiscovered = 0; // participant without a media address or key yet
  std::uint64_t dropped_unauthentic = 0;  // tag did not verify
  std::uint64_t dropped_muted = 0;
  std::uint64_t dropped_nonce_exhausted = 0; // a listener's outbound counter would wrap
  std::uint64_t rtcp = 0;
  std::uint64_t keepalive = 0;
  std::uint64_t roamed = 0;               // a pinned address moved after an authentic packet
};

class sfu {
 public:
  static constexpr std::size_t max_datagram = 2048;

  struct datagram_out {
    std::span<const std::uint8_t> bytes; // valid until the flush callback returns
    udp_peer to;
  };
  // Receives each full batch, and the partial batch on flush(). Must not call back into the sfu.
  using flush_callback = std::function<void(std::span<const datagram_out>)>;

  explicit sfu(flush_callback on_flush, std::size_t batch_size = 64);
  ~sfu();
  sfu(const sfu&) = delete;
  sfu& operator=(const sfu&) = delete;

  void apply(const media_command& command);

  // One received datagram; its bytes are decrypted in place (the caller's buffer is scratch).
  // May call the flush callback when the output batch fills.
  void receive(std::span<std::uint8_t> datagram, const udp_peer& from);
  // Hands the queued datagrams to the flush callback.
  void flush();

  const sfu_counters& counters() const noexcept { return counters_; }
  std::size_t participant_count() const noexcept { return by_ssrc_.size(); }

 private:
  struct participant {
    std::uint32_t ssrc = 0;
    std::uint64_t user_id = 0;
    std::uint64_t channel_id = 0;
    std::vector<std::uint32_t>* call = nullptr; // the channel's members (indices); owned by calls_
    std::optional<proto::voice::transport_cipher> cipher;
    udp_peer address;
    bool has_address = false;
    bool pinned = false;
    bool mute = false;
    bool deaf = false;
    bool in_use = false;
    // voice.md §8.6: the server's counter under a client's key starts far from the client's own.
    std::uint32_t out_nonce = 0x80000000u;
  };

  participant* find(std::uint32_t ssrc) noexcept;
  void join_call(std::uint32_t index, std::uint64_t channel_id);
  void leave_call(std::uint32_t index);
  void on_discovery(std::span<const std::uint8_t> datagram, const udp_peer& from);
  void on_rtp(std::span<std::uint8_t> datagram, const udp_peer& from);
  std::uint8_t* next_slot();
  void commit_slot(std::size_t size, const udp_peer& to);

  flush_callback on_flush_;
  std::size_t batch_size_;
  std::unique_ptr<std::uint8_t[]> slab_; // batch_size_ slots of max_datagram bytes
  std::vector<datagram_out> batch_;
  std::vector<participant> participants_;
  std::vector<std::uint32_t> free_;
  std::unordered_map<std::uint32_t, std::uint32_t> by_ssrc_;           // ssrc → index
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> calls_; // channel → member indices
  sfu_counters counters_;
};

} // namespace parley::server::voice
