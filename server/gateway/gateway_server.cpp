#include "server/gateway/gateway_server.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <unordered_set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/object.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "proto/gateway/connect_params.hpp"
#include "proto/gateway/intents.hpp"
#include "proto/gateway/session.hpp"
#include "proto/websocket/error.hpp"
#include "proto/websocket/handshake.hpp"
#include "server/gateway/gateway_connection.hpp"
#include "model/permission_bits.hpp"
#include "server/gateway/guild_cache.hpp"

namespace parley::server::gateway {

namespace asio = boost::asio;
namespace gw = proto::gateway;
namespace bhttp = boost::beast::http;

struct gateway_server::home {
  struct session_slot {
    explicit session_slot(gw::session_config config) : state(std::move(config)) {}
    gw::session state;
    std::weak_ptr<connection_base> conn;   // the connection carrying the session, if any
    const connection_base* conn_raw = nullptr;
    bool conn_local = false;               // that connection runs on this home's thread
    bool bot = false;                      // a bot's session: MESSAGE_CONTENT applies (gateway.md §5.2)
  };

  home(asio::io_context& context, std::size_t i, gw::replay_log_limits log_limits)
      : io(context), index(i), sweeper(context), log(log_limits) {}

  asio::io_context& io;
  std::size_t index;
  std::unordered_map<std::string, std::unique_ptr<session_slot>> sessions;
  // A vector per user, not a multimap: a fan-out walks contiguous pointers instead of hash nodes.
  std::unordered_map<std::uint64_t, std::vector<session_slot*>> by_user;
  std::unordered_set<connection_base*> connections;  // live connections running on this thread
  std::unordered_map<std::uint64_t, std::vector<session_slot*>> by_guild;  // sessions per guild
  guild_cache guilds;
  asio::steady_timer sweeper;
  gw::replay_log log;  // every replayable dispatch of this thread's sessions, kept once

  void join_guild(std::uint64_t guild_id, session_slot* slot) {
    auto& list = by_guild[guild_id];
    if (std::find(list.begin(), list.end(), slot) == list.end()) list.push_back(slot);
  }
  void leave_guild(std::uint64_t guild_id, session_slot* slot) {
    auto it = by_guild.find(guild_id);
    if (it == by_guild.end()) return;
    std::erase(it->second, slot);
    if (it->second.empty()) by_guild.erase(it);
  }
  std::vector<std::uint64_t> guilds_of(const session_slot* slot) const {
    std::vector<std::uint64_t> out;
    for (const auto& [guild_id, list] : by_guild)
      if (std::find(list.begin(), list.end(), slot) != list.end()) out.push_back(guild_id);
    return out;
  }

  // Calls into the slot's connection: directly when it runs here, else posted to its thread.
  // Every call from a home to one connection takes the same path, so they stay in order.
  template <class F>
  static void on_connection(session_slot& slot, F&& f) {
    auto conn = slot.conn.lock();
    if (!conn) return;
    if (slot.conn_local) f(*conn);
    else asio::post(conn->executor(), [conn, f = std::forward<F>(f)]() mutable { f(*conn); });
  }

  // A fan-out reads, per recipient, its slot, the tail of its replay ring and the front of its
  // connection on this thread (the control block make_shared put before it, the vtable pointer,
  // then the delivery fields gateway_connection keeps first).
  // Asking for those lines a few recipients ahead overlaps the cache misses of a walk over
  // thousands of sessions instead of taking them one after another. A prefetch never faults, so
  // a connection that is already gone (conn_raw is cleared by a posted detach) is harmless here.
  static void prefetch_ahead(const std::vector<session_slot*>& list, std::size_t i) noexcept {
    constexpr std::size_t slot_distance = 8;
    constexpr std::size_t target_distance = 4;
    if (i + slot_distance < list.size()) {
      const auto* p = reinterpret_cast<const char*>(list[i + slot_distance]);
      for (std::size_t off = 0; off < sizeof(session_slot); off += 64) __builtin_prefetch(p + off);
    }
    if (i + target_distance < list.size()) {
      const session_slot& s = *list[i + target_distance];
      if (const void* tail = s.state.ring().next_slot_address()) __builtin_prefetch(tail, 1);
      if (const auto* c = reinterpret_cast<const char*>(s.conn_raw); c && s.conn_local) {
        for (int off = -16; off < 192; off += 64) __builtin_prefetch(c + off, 1);
      }
    }
  }

  // A dispatch for one session: kept in the log, then delivered.
  void deliver(session_slot& slot, const dispatch_ptr& ev, gw::time_point now) {
    deliver(slot, ev, log.append(ev, now));
  }

  // A dispatch already kept at position `at` of the log (a fan-out keeps each event once).
  void deliver(session_slot& slot, const dispatch_ptr& ev, gw::replay_log::position at) {
    const std::uint64_t seq = slot.state.sequence(log, at);  // recorded for replay even while detached
    auto conn = slot.conn.lock();
    if (!conn) return;
    // The common case passes the event by reference: no reference count traffic per delivery
    // beyond what the queue and the replay ring keep.
    if (slot.conn_local) conn->deliver(seq, ev);
    else asio::post(conn->executor(), [conn, seq, ev] { conn->deliver(seq, ev); });
  }

  // The positions of one bus event's variants (full, redacted, CHANNEL_CREATE/DELETE) in the
  // log, appended on first use: a fan-out keeps each variant once, however many receive it.
  struct fanout_positions {
    home& h;
    gw::time_point now;
    std::array<std::pair<const gw::dispatch_event*, gw::replay_log::position>, 4> seen{};
    std::size_t n = 0;
    gw::replay_log::position operator()(const dispatch_ptr& ev) {
      for (std::size_t i = 0; i < n; ++i)
        if (seen[i].first == ev.get()) return seen[i].second;
      const auto at = h.log.append(ev, now);
      if (n < seen.size()) seen[n++] = {ev.get(), at};
      return at;
    }
  };

  // READY is numbered but not kept for replay: it carries the session id, so every client able
  // to resume has it (its seq is at least READY's), and an idle session need not hold it.
  void deliver_unrecorded(session_slot& slot, const dispatch_ptr& ev) {
    const std::uint64_t seq = slot.state.next_seq();
    on_connection(slot, [seq, ev](connection_base& c) { c.deliver(seq, ev); });
  }

  void erase(const std::string& id) {
    auto it = sessions.find(id);
    if (it == sessions.end()) return;
    session_slot* slot = it->second.get();
    for (auto g = by_guild.begin(); g != by_guild.end();) {
      std::erase(g->second, slot);
      if (g->second.empty()) {
        guilds.forget_member(g->first, slot->state.user_id());
        g = by_guild.erase(g);
      } else {
        ++g;
      }
    }
    if (auto u = by_user.find(it->second->state.user_id()); u != by_user.end()) {
      std::erase(u->second, it->second.get());
      if (u->second.empty()) by_user.erase(u);
    }
    sessions.erase(it);
  }
};

namespace {

} // namespace

service::presence_state to_presence_state(const std::optional<gw::presence>& p) {
  service::presence_state out;
  if (!p) return out;
  switch (p->status) {
    case gw::status::online: out.status = "online"; break;
    case gw::status::idle: out.status = "idle"; break;
    case gw::status::dnd: out.status = "dnd"; break;
    case gw::status::invisible:
    case gw::status::offline: out.status = "invisible"; break;
  }
  for (const auto& a : p->activities) {
    boost::json::object o{{"name", a.name}, {"type", a.type}};
    if (a.state) o["state"] = *a.state;
    if (a.url) o["url"] = *a.url;
    out.activities.push_back(std::move(o));
  }
  return out;
}

namespace {

std::string random_session_id() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string hex(33, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();
  return hex;
}

} // namespace

gateway_server::gateway_server(std::vector<asio::io_context*> threads, asio::thread_pool& store_pool,
                               service::gateway_sessions& sessions, service::presences& presences, bus::bus& bus,
                               gateway_options options)
    : store_pool_(store_pool), service_(sessions), presences_(presences), options_(std::move(options)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  const gw::replay_log_limits log_limits{.max_events = std::size_t{1} << 20, .max_bytes = std::size_t{256} << 20,
                                         .max_age = options_.replay.max_age};
  for (std::size_t i = 0; i < threads.size(); ++i) homes_.push_back(std::make_unique<home>(*threads[i], i, log_limits));
  bus.subscribe([this](const bus::event_ptr& e) { on_event(e); });
  for (auto& h : homes_) sweep(*h);
}

gateway_server::~gateway_server() = default;

bool gateway_server::accepts(const http::request& req) const {
  const std::string_view target = req.target();
  const auto path = target.substr(0, target.find('?'));
  // "/" too: D++ always connects there (clients.md §9).
  return path == "/gateway" || path == "/gateway/" || path == "/";
}

std::size_t gateway_server::home_of(const asio::any_io_executor& ex) const {
  const auto& context = asio::query(ex, asio::execution::context);
  for (const auto& h : homes_)
    if (&h->io == &context) return h->index;
  return 0;
}

template <class Stream>
void gateway_server::accept_upgrade(Stream stream, http::request req, boost::beast::flat_buffer leftover) {
  const std::string_view key = req[bhttp::field::sec_websocket_key];
  auto response = req[bhttp::field::sec_websocket_version] == "13" && proto::websocket::is_valid_client_key(key)
                      ? proto::websocket::make_upgrade_response(key)
                      : result<std::string>(proto::websocket::errc::invalid_header);
  if (!response) {
    // Not a WebSocket handshake we can complete: a plain 400, then close.
    auto s = std::make_shared<Stream>(std::move(stream));
    auto body = std::make_shared<std::string>(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 52\r\n\r\n"
        "{\"message\":\"Invalid WebSocket handshake\",\"code\":0}\n");
    asio::async_write(*s, asio::buffer(*body), [s, body](const boost::system::error_code&, std::size_t) {
      boost::system::error_code ignored;
      http::lowest_stream(*s).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    });
    return;
  }
  const std::size_t h = home_of(stream.get_executor());
  auto conn = std::make_shared<gateway_connection<Stream>>(*this, h, std::move(stream), gw::parse_connect_params(req.target()));
  conn->start(std::move(*response), std::move(leftover));
}

void gateway_server::upgrade(http::plain_stream stream, http::request req, boost::beast::flat_buffer leftover,
                             const http::peer_info&) {
  accept_upgrade(std::move(stream), std::move(req), std::move(leftover));
}

void gateway_server::upgrade(http::tls_stream stream, http::request req, boost::beast::flat_buffer leftover,
                             const http::peer_info&) {
  accept_upgrade(std::move(stream), std::move(req), std::move(leftover));
}

void gateway_server::track(std::size_t h, connection_base* conn, bool alive) {
  auto& set = homes_[h]->connections;
  if (alive) {
    if (set.insert(conn).second) connections_.fetch_add(1, std::memory_order_relaxed);
  } else if (set.erase(conn)) {
    connections_.fetch_sub(1, std::memory_order_relaxed);
  }
}

gw::identify_verdict gateway_server::try_identify(const service::gateway_identity& who, std::uint32_t shard_id) {
  if (!who.user.bot) return gw::identify_verdict::allowed;
  std::lock_guard lock(limits_mutex_);
  auto [it, _] = limits_.try_emplace(who.user.id, gw::identify_limits{options_.session_start_total, options_.max_concurrency});
  return it->second.try_identify(shard_id, std::chrono::steady_clock::now());
}

gw::session_start_limit gateway_server::start_limit(std::uint64_t bot_user_id) {
  std::lock_guard lock(limits_mutex_);
  auto [it, _] = limits_.try_emplace(bot_user_id, gw::identify_limits{options_.session_start_total, options_.max_concurrency});
  return it->second.snapshot(std::chrono::steady_clock::now());
}

void gateway_server::start_session(std::size_t h_index, const std::shared_ptr<connection_base>& conn,
                                   const service::gateway_identity& who, std::vector<service::session_guild> guilds,
                                   const gw::identify& identify, int api_version) {
  auto& h = *homes_[h_index];
  const auto now = std::chrono::steady_clock::now();
  gw::session_config config;
  config.session_id = random_session_id();
  config.user_id = who.user.id;
  config.intents = identify.intents;
  if (identify.shard) config.shard = *identify.shard;
  config.replay = options_.replay;
  config.resume_window = options_.resume_window;
  auto slot = std::make_unique<home::session_slot>(std::move(config));
  slot->conn = conn;
  slot->conn_raw = conn.get();
  slot->conn_local = true;  // Identify runs on the connection's own thread, which becomes the home
  slot->bot = who.user.bot;
  const std::string id = slot->state.id();
  {
    std::lock_guard lock(registry_mutex_);
    registry_[id] = h_index;
  }
  auto* s = slot.get();
  h.by_user[who.user.id].push_back(s);
  h.sessions.emplace(id, std::move(slot));
  sessions_.fetch_add(1, std::memory_order_relaxed);
  conn->identified(id, h_index);

  service::ready_params params{id, options_.resume_gateway_url, api_version, std::nullopt, {}};
  if (identify.shard) params.shard = std::make_pair(identify.shard->id, identify.shard->count);
  for (const auto& g : guilds) {
    params.guild_ids.push_back(g.guild.id);
    h.guilds.add(g);
    h.join_guild(g.guild.id, s);
  }
  h.deliver_unrecorded(*s, gw::dispatch_event::make("READY", service_.ready(who, params)));
  // Then every guild at once (discord.js waits for all of them before 'ready').
  for (auto& g : guilds) h.deliver(*s, gw::dispatch_event::make("GUILD_CREATE", g.guild_create), now);
  presences_.set(who.user.id, id, to_presence_state(identify.presence), h.guilds_of(s));
}

void gateway_server::update_presence(std::size_t h_index, const std::string& session_id, service::presence_state state) {
  asio::post(homes_[h_index]->io, [this, h_index, session_id, state = std::move(state)]() mutable {
    auto& h = *homes_[h_index];
    auto it = h.sessions.find(session_id);
    if (it == h.sessions.end()) return;
    presences_.set(it->second->state.user_id(), session_id, std::move(state), h.guilds_of(it->second.get()));
  });
}

void gateway_server::resume_session(const std::shared_ptr<connection_base>& conn, std::uint64_t user_id,
                                    const gw::resume& request) {
  std::size_t h_index = 0;
  {
    std::lock_guard lock(registry_mutex_);
    auto it = registry_.find(request.session_id);
    if (it == registry_.end()) {
      conn->resume_refused();  // we are on the connection's thread
      return;
    }
    h_index = it->second;
  }
  const std::size_t conn_home = home_of(conn->executor());
  asio::post(homes_[h_index]->io, [this, h_index, conn_home, conn, user_id, request] {
    auto& h = *homes_[h_index];
    const bool local = conn_home == h_index;
    auto refuse = [&] {
      if (local) conn->resume_refused();
      else asio::post(conn->executor(), [conn] { conn->resume_refused(); });
    };
    auto it = h.sessions.find(request.session_id);
    if (it == h.sessions.end() || it->second->state.user_id() != user_id) return refuse();
    auto& slot = *it->second;
    const auto now = std::chrono::steady_clock::now();
    auto replay = slot.state.resume(request.seq, now, h.log);
    if (!replay) return refuse();

    // A Resume while the old socket is still open moves the session and closes the old socket.
    if (slot.conn_raw && slot.conn_raw != conn.get())
      home::on_connection(slot, [](connection_base& old) { old.evict(gw::close_code::unknown_error); });
    slot.conn = conn;
    slot.conn_raw = conn.get();
    slot.conn_local = local;
    slot.state.attach();
    auto resumed = gw::dispatch_event::make("RESUMED", boost::json::object{});
    const std::uint64_t seq = slot.state.sequence(h.log, h.log.append(resumed, now));
    home::on_connection(slot, [id = request.session_id, h_index, entries = std::move(*replay), seq, resumed,
                               intents = slot.state.intents()](connection_base& c) mutable {
      c.resumed(std::move(id), h_index, std::move(entries), seq, std::move(resumed), intents);
    });
  });
}

void gateway_server::deliver_to_session(std::size_t h_index, const std::string& session_id,
                                        std::vector<dispatch_ptr> events) {
  asio::post(homes_[h_index]->io, [this, h_index, session_id, events = std::move(events)] {
    auto& h = *homes_[h_index];
    auto it = h.sessions.find(session_id);
    if (it == h.sessions.end()) return;
    const auto now = std::chrono::steady_clock::now();
    for (const auto& ev : events) h.deliver(*it->second, ev, now);
  });
}

void gateway_server::detach(std::size_t h_index, const std::string& session_id, const connection_base* conn, bool resumable) {
  auto work = [this, h_index, session_id, conn, resumable] {
    auto& h = *homes_[h_index];
    auto it = h.sessions.find(session_id);
    if (it == h.sessions.end() || it->second->conn_raw != conn) return;  // already moved on
    auto& slot = *it->second;
    slot.conn.reset();
    slot.conn_raw = nullptr;
    if (resumable) {
      slot.state.detach(std::chrono::steady_clock::now());
      return;
    }
    {
      std::lock_guard lock(registry_mutex_);
      registry_.erase(session_id);
    }
    presences_.end(slot.state.user_id(), session_id, h.guilds_of(&slot));
    if (auto* voice = service_.voice()) voice->end_session(slot.state.user_id(), session_id);
    h.erase(session_id);
    sessions_.fetch_sub(1, std::memory_order_relaxed);
  };
  asio::post(homes_[h_index]->io, std::move(work));
}

void gateway_server::sweep(home& h) {
  h.sweeper.expires_after(std::chrono::seconds(5));
  h.sweeper.async_wait([this, &h](const boost::system::error_code& ec) {
    if (ec) return;
    const auto now = std::chrono::steady_clock::now();
    h.log.expire(now);  // a quiet thread gives old events back without waiting for the next one
    std::vector<std::string> expired;
    for (auto& [id, slot] : h.sessions)
      if (!slot->conn_raw && slot->state.expired(now)) expired.push_back(id);
    if (!expired.empty()) {
      std::lock_guard lock(registry_mutex_);
      for (const auto& id : expired) registry_.erase(id);
    }
    for (const auto& id : expired) {
      auto& slot = *h.sessions.at(id);
      presences_.end(slot.state.user_id(), id, h.guilds_of(&slot));
      if (auto* voice = service_.voice()) voice->end_session(slot.state.user_id(), id);
      h.erase(id);
    }
    sessions_.fetch_sub(expired.size(), std::memory_order_relaxed);
    sweep(h);
  });
}

namespace {

// Whether a guild event belongs to the session's shard (gateway.md §6.1).
bool in_shard(const gw::session& s, std::uint64_t guild_id) {
  const auto& shard = s.shard();
  return shard.count <= 1 || ((guild_id >> 22) % shard.count) == shard.id;
}

// Events without a guild (private channels) belong to shard 0 (gateway.md §6.1).
bool on_shard_zero(const gw::session& s) {
  return s.shard().count <= 1 || s.shard().id == 0;
}

// The snowflake at d[key] (or d[key]["id"] with `nested`), 0 when absent: events come from our own
// services, but a malformed one must not take a network thread down.
std::uint64_t event_id(const boost::json::value& d, std::string_view key, bool nested = false) {
  const auto* o = d.if_object();
  const auto* v = o ? o->if_contains(key) : nullptr;
  if (v && nested) {
    const auto* inner = v->if_object();
    v = inner ? inner->if_contains("id") : nullptr;
  }
  return v ? model::snowflake_from_json(*v).value_or(0) : 0;
}

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

// One bus event as every home shares it: the dispatch serialized once, and the MESSAGE_CONTENT
// redacted variant (gateway.md §5.2) serialized at most once, by the first home with a recipient
// that needs it. Lives as long as the homes' posted handlers.
struct gateway_server::shared_dispatch {
  bus::event_ptr source;
  dispatch_ptr full;
  std::once_flag redacted_once;
  dispatch_ptr redacted_event;

  // What this session receives: the redacted body for a bot session without MESSAGE_CONTENT
  // unless its user is the author or mentioned (content_readers); the full body otherwise.
  const dispatch_ptr& for_session(bool bot, std::uint64_t intents, std::uint64_t user_id) {
    if (!source->redacted || !bot || !gw::message_content_redacted(intents)) return full;
    const auto& readers = source->content_readers;
    if (std::find(readers.begin(), readers.end(), model::snowflake(user_id)) != readers.end()) return full;
    std::call_once(redacted_once, [this] { redacted_event = gw::dispatch_event::make(source->name, *source->redacted); });
    return redacted_event;
  }
};

void gateway_server::on_event(const bus::event_ptr& e) {
  // Serialized once here, on the publisher's thread; every recipient shares it.
  auto shared = std::make_shared<shared_dispatch>();
  shared->source = e;
  shared->full = gw::dispatch_event::make(e->name, e->data);
  for (auto& hp : homes_) {
    home* h = hp.get();
    asio::post(h->io, [h, shared] {
      switch (shared->source->to.scope) {
        case bus::audience::kind::user: return deliver_to_user(*h, *shared);
        case bus::audience::kind::guild:
        case bus::audience::kind::channel:
          if (shared->source->to.scope == bus::audience::kind::channel && shared->source->to.guild_id == 0)
            return deliver_to_private_channel(*h, *shared);
          return deliver_to_guild(*h, *shared);
      }
    });
  }
}

void gateway_server::deliver_to_user(home& h, shared_dispatch& shared) {
  const bus::event& e = *shared.source;
  const auto now = std::chrono::steady_clock::now();
  const std::string_view name = e.name;
  const bool joined = name == "GUILD_CREATE";
  const bool left = name == "GUILD_DELETE";
  const auto guild_id = joined || left ? event_id(e.data, "id") : 0;
  if (joined) h.guilds.add_from_guild_create(e.data, e.to.id);
  const std::uint64_t needed = gw::required_intent(name, false);
  const auto found = h.by_user.find(e.to.id);
  if (found == h.by_user.end()) return;
  home::fanout_positions position{h, now};
  // The list itself, not a copy: nothing here changes a user's sessions (joining and leaving
  // change guild lists; a connection that ends during a delivery posts its detach).
  const auto& slots = found->second;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    home::prefetch_ahead(slots, i);
    auto& slot = *slots[i];
    // Events of one guild go to that guild's shard; events without a guild (USER_UPDATE, DM
    // channels, MESSAGE_ACK) to shard 0 only (gateway.md §6.1).
    if (guild_id ? !in_shard(slot.state, guild_id) : !in_shard(slot.state, 0)) continue;
    if (joined) h.join_guild(guild_id, &slot);
    if (needed && !(slot.state.intents() & needed)) continue;
    h.deliver(slot, shared.full, position(shared.full));
  }
  if (left) {
    for (auto* s : slots) h.leave_guild(guild_id, s);
    h.guilds.forget_member(guild_id, e.to.id);
  }
}

void gateway_server::deliver_to_private_channel(home& h, shared_dispatch& shared) {
  // A DM or group DM: its recipients' sessions on shard 0, gated by the DM intents. Messages in
  // DMs keep their content for bots (gateway.md §5.2), so there is no redacted variant here.
  const bus::event& e = *shared.source;
  const auto now = std::chrono::steady_clock::now();
  const std::uint64_t needed = gw::required_intent(e.name, false);
  const auto& users = e.to.users;
  home::fanout_positions position{h, now};
  for (auto u = users.begin(); u != users.end(); ++u) {
    if (std::find(users.begin(), u, *u) != u) continue;  // listed twice: deliver once
    const auto found = h.by_user.find(*u);
    if (found == h.by_user.end()) continue;
    for (auto* s : found->second) {
      auto& slot = *s;
      if (!on_shard_zero(slot.state)) continue;
      if (needed && !(slot.state.intents() & needed)) continue;
      h.deliver(slot, shared.full, position(shared.full));
    }
  }
}

void gateway_server::deliver_to_guild(home& h, shared_dispatch& shared) {
  const bus::event& e = *shared.source;
  const auto now = std::chrono::steady_clock::now();
  const std::string_view name = e.name;
  const bool channel = e.to.scope == bus::audience::kind::channel;
  const std::uint64_t guild_id = channel ? e.to.guild_id : e.to.id;
  auto members = h.by_guild.find(guild_id);
  if (members == h.by_guild.end()) return;
  const auto wall_ms = unix_ms_now();
  const auto recipients = members->second;  // copy: delivery does not change it, removal below does
  home::fanout_positions position{h, now};

  // A CHANNEL_UPDATE may show or hide the channel (gateway.md §11.8): those who could not see it
  // before get CHANNEL_CREATE, those who cannot any more get CHANNEL_DELETE, with the same object.
  const bool visibility = channel && name == "CHANNEL_UPDATE";
  std::vector<bool> saw_before;
  if (visibility)
    for (auto* slot : recipients) saw_before.push_back(h.guilds.can_view(guild_id, e.to.id, slot->state.user_id(), wall_ms));
  dispatch_ptr appeared, vanished;  // built on first need, on this home

  h.guilds.apply_before(name, e.data);
  const std::uint64_t needed = gw::required_intent(name, true);
  const std::uint64_t any_permission = e.to.any_permission;
  for (std::size_t i = 0; i < recipients.size(); ++i) {
    home::prefetch_ahead(recipients, i);
    auto* slot = recipients[i];
    if (!in_shard(slot->state, guild_id)) continue;
    if (needed && !(slot->state.intents() & needed)) continue;
    const std::uint64_t user_id = slot->state.user_id();
    const dispatch_ptr* what = &shared.full;
    if (channel) {
      const auto perms = h.guilds.channel_permissions(guild_id, e.to.id, user_id, wall_ms);
      const bool sees = (perms & model::permission::view_channel) != 0;
      if (visibility && sees != saw_before[i]) {
        auto& made = sees ? appeared : vanished;
        if (!made) made = gw::dispatch_event::make(sees ? "CHANNEL_CREATE" : "CHANNEL_DELETE", e.data);
        what = &made;
      } else if (!sees) {
        continue;
      }
      if (any_permission && !(perms & any_permission)) continue;
    } else if (any_permission && !(h.guilds.guild_permissions(guild_id, user_id, wall_ms) & any_permission)) {
      continue;
    }
    if (what == &shared.full) what = &shared.for_session(slot->bot, slot->state.intents(), user_id);
    h.deliver(*slot, *what, position(*what));
  }
  h.guilds.apply_after(name, e.data);
  if (name == "GUILD_MEMBER_REMOVE" || name == "GUILD_DELETE") {
    const auto user_id = name == "GUILD_DELETE" ? 0 : event_id(e.data, "user", true);
    for (auto* slot : recipients)
      if (name == "GUILD_DELETE" || slot->state.user_id() == user_id) h.leave_guild(guild_id, slot);
    if (user_id) h.guilds.forget_member(guild_id, user_id);
  }
}

void gateway_server::shutdown() {
  for (auto& hp : homes_) {
    home* h = hp.get();
    asio::post(h->io, [h] {
      h->sweeper.cancel();
      // Copy: request_reconnect may end a connection, which untracks itself.
      const std::vector<connection_base*> conns(h->connections.begin(), h->connections.end());
      for (auto* c : conns) c->request_reconnect();
    });
  }
}

void gateway_server::abort_all() {
  for (auto& hp : homes_) {
    home* h = hp.get();
    asio::post(h->io, [h] {
      const std::vector<connection_base*> conns(h->connections.begin(), h->connections.end());
      for (auto* c : conns) c->abort();
    });
  }
}

} // namespace parley::server::gateway
