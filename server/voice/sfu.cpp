// The SFU packet path (voice.md §7, §8, §10); see sfu.hpp.
#include "server/voice/sfu.hpp"

#include "proto/voice/datagram_kind.hpp"
#include "proto/voice/ip_discovery.hpp"
#include "proto/voice/packet_error.hpp"

#include <algorithm>
#include <cassert>

namespace parley::server::voice {

namespace pv = proto::voice;

namespace {
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

constexpr std::uint32_t first_server_nonce = 0x80000000u;

std::uint32_t load_ssrc(const std::uint8_t* p) noexcept {
  return std::uint32_t{p[8]} << 24 | std::uint32_t{p[9]} << 16 | std::uint32_t{p[10]} << 8 | p[11];
}
} // namespace

sfu::sfu(flush_callback on_flush, std::size_t batch_size)
    : on_flush_(std::move(on_flush)),
      batch_size_(std::max<std::size_t>(batch_size, 1)),
      slab_(new std::uint8_t[batch_size_ * max_datagram]) {
  batch_.reserve(batch_size_);
}

sfu::~sfu() = default;

sfu::participant* sfu::find(std::uint32_t ssrc) noexcept {
  auto it = by_ssrc_.find(ssrc);
  return it == by_ssrc_.end() ? nullptr : &participants_[it->second];
}

void sfu::join_call(std::uint32_t index, std::uint64_t channel_id) {
  auto& members = calls_[channel_id];
  members.push_back(index);
  participants_[index].channel_id = channel_id;
  participants_[index].call = &members;
}

void sfu::leave_call(std::uint32_t index) {
  auto& p = participants_[index];
  auto it = calls_.find(p.channel_id);
  if (it != calls_.end()) {
    std::erase(it->second, index);
    if (it->second.empty()) calls_.erase(it);
  }
  p.call = nullptr;
}

void sfu::apply(const media_command& command) {
  std::visit(overloaded{
      [this](const add_participant& c) {
        if (find(c.ssrc)) return;  // the gateway never reuses a live SSRC; a repeat is harmless
        std::uint32_t index;
        if (!free_.empty()) {
          index = free_.back();
          free_.pop_back();
        } else {
          index = static_cast<std::uint32_t>(participants_.size());
          participants_.emplace_back();
        }
        auto& p = participants_[index];
        p = participant{};
        p.in_use = true;
        p.ssrc = c.ssrc;
        p.user_id = c.user_id;
        p.mute = c.mute;
        p.deaf = c.deaf;
        by_ssrc_.emplace(c.ssrc, index);
        join_call(index, c.channel_id);
      },
      [this](const set_transport& c) {
        auto* p = find(c.ssrc);
        if (!p) return;
        auto cipher = pv::transport_cipher::create(c.mode, c.key);
        if (!cipher) return;  // cannot happen with a 32-byte key; the participant stays silent
        p->cipher.emplace(std::move(*cipher));
        p->out_nonce = first_server_nonce;  // a new key: a fresh counter
        // Select Protocol came over the authenticated WebSocket after discovery: from now on only
        // a packet under this key moves the address.
        if (p->has_address) p->pinned = true;
      },
      [](const set_speaking&) {
        // Media flows from Select Protocol on, op 5 or not: @discordjs/voice sends its first
        // packet over UDP while its op 5 is still on the WebSocket, and receivers that do not yet
        // know the SSRC drop it themselves. Op 5 matters to the gateway's relay, not here.
      },
      [this](const set_flags& c) {
        if (auto* p = find(c.ssrc)) {
          p->mute = c.mute;
          p->deaf = c.deaf;
        }
      },
      [this](const move_participant& c) {
        auto it = by_ssrc_.find(c.ssrc);
        if (it == by_ssrc_.end() || participants_[it->second].channel_id == c.channel_id) return;
        leave_call(it->second);
        join_call(it->second, c.channel_id);
      },
      [this](const remove_participant& c) {
        auto it = by_ssrc_.find(c.ssrc);
        if (it == by_ssrc_.end()) return;
        const auto index = it->second;
        leave_call(index);
        by_ssrc_.erase(it);
        participants_[index] = participant{};  // wipes the key (transport_cipher's destructor)
        free_.push_back(index);
      },
  }, command);
}

std::uint8_t* sfu::next_slot() {
  if (batch_.size() == batch_size_) flush();
  return slab_.get() + batch_.size() * max_datagram;
}

void sfu::commit_slot(std::size_t size, const udp_peer& to) {
  const auto* slot = slab_.get() + batch_.size() * max_datagram;
  batch_.push_back(datagram_out{{slot, size}, to});
}

void sfu::flush() {
  if (batch_.empty()) return;
  on_flush_(batch_);
  batch_.clear();
}

void sfu::receive(std::span<std::uint8_t> datagram, const udp_peer& from) {
  ++counters_.datagrams_in;
  switch (pv::classify_datagram(datagram)) {
    case pv::datagram_kind::ip_discovery: on_discovery(datagram, from); return;
    case pv::datagram_kind::rtp: on_rtp(datagram, from); return;
    case pv::datagram_kind::rtcp: ++counters_.rtcp; return;  // [rec] ignored (voice.md §7.4)
    case pv::datagram_kind::other: ++counters_.keepalive; return;
  }
}

void sfu::on_discovery(std::span<const std::uint8_t> datagram, const udp_peer& from) {
  auto request = pv::parse_ip_discovery(datagram);
  if (!request || request->type != pv::ip_discovery_type::request) {
    ++counters_.dropped_malformed;
    return;
  }
  auto* p = find(request->ssrc);
  if (!p || (p->pinned && !(p->address == from))) {
    ++counters_.discovery_refused;
    return;
  }
  p->address = from;
  p->has_address = true;
  char text[64];
  const auto n = from.format_address(text);
  auto* slot = next_slot();
  pv::ip_discovery reply{pv::ip_discovery_type::response, request->ssrc, std::string_view(text, n), from.port};
  auto written = pv::write_ip_discovery(reply, std::span<std::uint8_t>(slot, max_datagram));
  if (!written) {
    ++counters_.discovery_refused;  // an address longer than 63 bytes cannot be answered
    return;
  }
  commit_slot(*written, from);
  ++counters_.discovery_answered;
}

void sfu::on_rtp(std::span<std::uint8_t> datagram, const udp_peer& from) {
  // classify_datagram guarantees the 12-byte fixed header.
  auto* sender = find(load_ssrc(datagram.data()));
  if (!sender) {
    ++counters_.dropped_unknown_ssrc;
    return;
  }
  if (!sender->cipher || !sender->has_address) {
    ++counters_.dropped_undiscovered;
    return;
  }
  const bool roaming = !(sender->address == from);
  if (datagram.size() < sender->cipher->cleartext_header_size(datagram) + sender->cipher->overhead()) {
    ++counters_.dropped_malformed;
    return;
  }
  auto plain_size = sender->cipher->decrypt(datagram);
  if (!plain_size) {
    if (plain_size.error() == pv::packet_errc::authentication_failed) ++counters_.dropped_unauthentic;
    else ++counters_.dropped_malformed;
    return;
  }
  if (roaming) {
    // Only the key holder can get here from a new address (NAT rebinding).
    sender->address = from;
    ++counters_.roamed;
  }
  if (sender->mute) {
    ++counters_.dropped_muted;
    return;
  }
  ++counters_.rtp_in;
  const std::span<const std::uint8_t> plain(datagram.data(), *plain_size);
  const std::uint32_t self = sender->ssrc;
  for (const std::uint32_t index : *sender->call) {
    auto& listener = participants_[index];
    if (listener.ssrc == self || listener.deaf || !listener.cipher || !listener.has_address) continue;
    if (listener.out_nonce < first_server_nonce) {
      // The counter wrapped into the client's own range: never reuse a nonce (voice.md §8.6).
      ++counters_.dropped_nonce_exhausted;
      continue;
    }
    auto* slot = next_slot();
    auto n = listener.cipher->encrypt(plain, listener.out_nonce, std::span<std::uint8_t>(slot, max_datagram));
    if (!n) {
      ++counters_.dropped_malformed;
      continue;
    }
    ++listener.out_nonce;
    commit_slot(*n, listener.address);
    ++counters_.rtp_out;
  }
}

} // namespace parley::server::voice
