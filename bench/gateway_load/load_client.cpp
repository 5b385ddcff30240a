// A simulated gateway client (gateway.md §1.4, §3.1-§3.3) over the project's RFC 6455 codec.
#include "bench/gateway_load/load_client.hpp"

#include "bench/gateway_load/payload_scan.hpp"
#include "proto/websocket/handshake.hpp"

#include <charconv>

namespace parley::bench::gateway_load {

namespace ws = proto::websocket;

load_client::load_client(const client_settings& settings, std::string_view identify,
                         std::span<const std::uint8_t, 16> key_random)
    : settings_(&settings),
      identify_(identify),
      ws_(ws::role::client,
          ws::connection_options{.max_message_size = settings.max_message_size,
                                 .max_frame_size = settings.max_message_size},
          settings.masks) {
  const std::string key = ws::make_client_key(key_random);
  auto request = ws::make_upgrade_request(settings.host_header, settings.target, key);
  upgrade_request_ = request ? std::move(*request) : std::string{};
  upgrade_ = std::make_unique<ws::upgrade_response_parser>(key);
  if (settings.zlib_stream) inflater_ = std::make_unique<proto::compress::zlib_stream_inflater>();
}

void load_client::take_output(std::string& out) {
  if (!upgrade_request_.empty()) {
    out.swap(upgrade_request_);
    upgrade_request_.clear();
    upgrade_request_.shrink_to_fit();
    return;
  }
  ws_.take_output(out);
}

void load_client::fail(std::string_view why, client_observer& observer) {
  if (phase_ == client_phase::failed) return;
  phase_ = client_phase::failed;
  observer.on_failure(why);
}

void load_client::send_identify() {
  if (phase_ == client_phase::failed || phase_ == client_phase::upgrading) return;
  if (ws_.send_text(identify_)) phase_ = client_phase::identifying;
}

void load_client::send_heartbeat() {
  if (phase_ == client_phase::failed || phase_ == client_phase::upgrading) return;
  char buf[48] = R"({"op":1,"d":)";
  char* p = buf + 12;
  if (last_seq_ == 0) {
    for (char c : std::string_view("null")) *p++ = c;
  } else {
    p = std::to_chars(p, buf + sizeof buf - 1, last_seq_).ptr;
  }
  *p++ = '}';
  (void)ws_.send_text(std::string_view(buf, static_cast<std::size_t>(p - buf)));
}

void load_client::receive(std::span<const std::byte> bytes, std::string& scratch, client_observer& observer) {
  if (phase_ == client_phase::failed) return;
  if (phase_ == client_phase::upgrading) {
    auto progress = upgrade_->feed(bytes);
    if (!progress) {
      std::string why = "upgrade refused: " + progress.error().message();
      if (upgrade_->status_code()) why += " (HTTP " + std::to_string(upgrade_->status_code()) + ")";
      fail(why, observer);
      return;
    }
    if (progress->status == ws::handshake_status::need_more) return;
    phase_ = client_phase::awaiting_hello;
    ws_.feed(progress->leftover);
    upgrade_.reset();
  } else {
    ws_.feed(bytes);
  }
  for (ws::event ev = ws_.next_event(); ev.kind != ws::event_kind::need_more; ev = ws_.next_event()) {
    switch (ev.kind) {
      case ws::event_kind::text:
        handle_message(ev.text(), observer);
        break;
      case ws::event_kind::binary: {
        if (!inflater_) {
          fail("binary message without compression (ETF is not supported)", observer);
          return;
        }
        auto r = inflater_->feed(ev.text(), scratch);
        if (!r) {
          fail("zlib-stream: " + r.error().message(), observer);
          return;
        }
        if (*r == proto::compress::inflate_status::payload) handle_message(scratch, observer);
        break;
      }
      case ws::event_kind::close:
        fail("server closed with " + std::to_string(ev.close_code) + " " + std::string(ev.reason()), observer);
        return;
      case ws::event_kind::error:
        (void)ws_.send_close(ev.close_code);
        fail("websocket: " + ev.error.message(), observer);
        return;
      case ws::event_kind::ping:
      case ws::event_kind::pong:
      case ws::event_kind::need_more:
        break;
    }
    if (phase_ == client_phase::failed) return;
  }
}

void load_client::handle_message(std::string_view payload, client_observer& observer) {
  auto fields = scan_payload(payload);
  if (!fields) {
    fail("gateway payload: " + fields.error().message(), observer);
    return;
  }
  if (!fields->op) {
    fail("gateway payload without op", observer);
    return;
  }
  switch (*fields->op) {
    case 0: { // Dispatch
      if (fields->s) last_seq_ = *fields->s;
      if (fields->t == "READY") {
        if (phase_ == client_phase::identifying) {
          phase_ = client_phase::ready;
          observer.on_ready();
        }
      } else if (fields->t == settings_->event_name) {
        if (auto marker = find_marker(fields->d)) observer.on_marker(*marker);
      }
      break;
    }
    case 1: // the server asks for a heartbeat now
      send_heartbeat();
      break;
    case 7:
      fail("server sent op 7 Reconnect", observer);
      break;
    case 9:
      phase_ = client_phase::invalid_session;
      observer.on_invalid_session(fields->d == "true");
      break;
    case 10: {
      if (phase_ != client_phase::awaiting_hello) break;
      const auto interval = find_uint_field(fields->d, "heartbeat_interval");
      if (!interval || *interval == 0) {
        fail("Hello without heartbeat_interval", observer);
        return;
      }
      observer.on_hello(*interval);
      send_identify();
      break;
    }
    case 11:
      observer.on_heartbeat_ack();
      break;
    default:
      break;
  }
}

} // namespace parley::bench::gateway_load
