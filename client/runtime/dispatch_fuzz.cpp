// Fuzz target for what the runtime reads from the server beyond the core (gateway.md §3.4, §11):
// dispatch `d` objects turned into every typed event and fed to the guild cache, and the READY
// resume_gateway_url parsed as a gateway URL. Input: one byte choosing the dispatch name, then
// JSON text (or URL text).
#include "client/runtime/event_dispatcher.hpp"
#include "client/runtime/events.hpp"
#include "client/runtime/gateway_url.hpp"
#include "client/runtime/guild_cache.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

constexpr std::array<std::string_view, 20> names = {
    "READY", "GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "CHANNEL_CREATE", "CHANNEL_UPDATE",
    "CHANNEL_DELETE", "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE", "GUILD_MEMBERS_CHUNK",
    "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "PRESENCE_UPDATE", "TYPING_START",
    "VOICE_STATE_UPDATE", "VOICE_SERVER_UPDATE", "RESUMED", "WEBHOOKS_UPDATE"};

template <class E>
void listen(parley::client::event_dispatcher& d, std::size_t& seen) {
  d.on<E>([&seen](const E&) { ++seen; });
}

template <class... Es>
void listen_all(parley::client::event_dispatcher& d, std::size_t& seen, parley::client::event_list<Es...>) {
  (listen<Es>(d, seen), ...);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view name = names[data[0] % names.size()];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)parley::client::parse_gateway_url(text);

  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec) return 0;
  // Twice into one cache: updates of what the first pass created take other branches.
  parley::client::guild_cache cache;
  cache.apply(name, value);
  cache.apply(name, value);
  for (auto* g : cache.guilds()) (void)cache.channel(g->channel_ids.empty() ? 0 : g->channel_ids.front());

  parley::client::event_dispatcher dispatcher;
  std::size_t seen = 0;
  listen_all(dispatcher, seen, parley::client::typed_dispatches{});
  parley::client::dispatch_event e;
  e.name = std::string(name);
  e.data = std::move(value);
  dispatcher.dispatch_typed(e);
  (void)parley::client::make_event<parley::client::ready>(boost::json::value(e.data), 1);
  return 0;
}
