// Handler registration and delivery of the runtime's typed events (events.hpp): on<E>(fn) for any
// event type listed in handled_events; dispatch_typed() turns a dispatch into its typed event
// only when someone listens for it, so an unused type costs a name comparison.
//
// Not thread-safe: the client registers and delivers on its own executor. Handlers may register
// more handlers while one runs (storage is a deque: references stay valid); the new ones see the
// next event.
#pragma once

#include "client/runtime/events.hpp"

#include <cstddef>
#include <deque>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace parley::client {

template <class... Events>
struct event_list {};

// The dispatches that have a typed event (make_event<E> exists for each).
using typed_dispatches =
    event_list<message_create, message_update, message_delete, guild_create, guild_update, guild_delete,
               channel_create, channel_update, channel_delete, guild_member_add, guild_member_update,
               guild_member_remove, presence_update, typing_start, voice_state_update, voice_server_update>;

template <class E, class List>
struct is_in_list;
template <class E, class... Es>
struct is_in_list<E, event_list<Es...>> : std::bool_constant<(std::is_same_v<E, Es> || ...)> {};

class event_dispatcher {
 public:
  template <class E>
  using handler = std::function<void(const E&)>;

  template <class E>
  static constexpr bool handles =
      is_in_list<E, typed_dispatches>::value || std::is_same_v<E, ready> || std::is_same_v<E, resumed> ||
      std::is_same_v<E, raw_dispatch> || std::is_same_v<E, reconnect_requested> ||
      std::is_same_v<E, invalid_session> || std::is_same_v<E, disconnected>;

  template <class E>
  void on(handler<E> fn) {
    static_assert(handles<E>, "not an event type of parley::client (see events.hpp)");
    if (fn) slot<E>().push_back(std::move(fn));
  }

  template <class E>
  bool has_handlers() const noexcept {
    return !std::get<std::deque<handler<E>>>(handlers_).empty();
  }

  template <class E>
  void emit(const E& event) const {
    const auto& list = std::get<std::deque<handler<E>>>(handlers_);
    // Index loop with the size fixed up front: a handler may append to this deque.
    for (std::size_t i = 0, n = list.size(); i < n; ++i) list[i](event);
  }

  // Delivers the typed event for `e.name` when it has one and someone listens; moves `e.data`
  // into it. Returns whether a typed event was delivered.
  bool dispatch_typed(dispatch_event& e) { return dispatch_typed(e, typed_dispatches{}); }

 private:
  template <class... Es>
  bool dispatch_typed(dispatch_event& e, event_list<Es...>) {
    return (try_dispatch<Es>(e) || ...);
  }
  template <class E>
  bool try_dispatch(dispatch_event& e) {
    if (e.name != E::dispatch_name) return false;
    if (has_handlers<E>()) emit(make_event<E>(std::move(e.data), e.seq));
    return true;
  }
  template <class E>
  std::deque<handler<E>>& slot() {
    return std::get<std::deque<handler<E>>>(handlers_);
  }

  std::tuple<std::deque<handler<ready>>, std::deque<handler<resumed>>, std::deque<handler<message_create>>,
             std::deque<handler<message_update>>, std::deque<handler<message_delete>>,
             std::deque<handler<guild_create>>, std::deque<handler<guild_update>>,
             std::deque<handler<guild_delete>>, std::deque<handler<channel_create>>,
             std::deque<handler<channel_update>>, std::deque<handler<channel_delete>>,
             std::deque<handler<guild_member_add>>, std::deque<handler<guild_member_update>>,
             std::deque<handler<guild_member_remove>>, std::deque<handler<presence_update>>,
             std::deque<handler<typing_start>>, std::deque<handler<voice_state_update>>,
             std::deque<handler<voice_server_update>>, std::deque<handler<raw_dispatch>>,
             std::deque<handler<reconnect_requested>>, std::deque<handler<invalid_session>>,
             std::deque<handler<disconnected>>>
      handlers_;
};

} // namespace parley::client
