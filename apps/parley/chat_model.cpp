// The interactive client's state: see chat_model.hpp.
#include "apps/parley/chat_model.hpp"

#include <algorithm>
#include <charconv>

#include <boost/json/value.hpp>

#include "apps/parley/message_format.hpp"

namespace parley::apps {
namespace {

namespace json = boost::json;

const json::object* object_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

const json::array* array_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? &v->get_array() : nullptr;
}

std::string string_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

int int_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? static_cast<int>(v->get_int64()) : 0;
}

// Text channels hold messages; voice, category, forum ... are not shown in this client.
bool holds_messages(int type) { return type == 0 || type == 1 || type == 3 || type == 5; }

chat_message to_chat_message(const json::object& m) {
  chat_message out;
  out.id = id_field(m, "id");
  if (const auto* author = object_field(m, "author")) {
    out.author_id = id_field(*author, "id");
    out.author = display_name(*author);
  }
  out.time = format_timestamp(string_field(m, "timestamp"), true);
  out.body = message_body(m);
  out.data = m;
  return out;
}

int status_rank(const std::string& s) {
  if (s == "online") return 0;
  if (s == "idle") return 1;
  if (s == "dnd") return 2;
  return 3;
}

} // namespace

std::uint64_t id_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return 0;
  if (v->is_uint64()) return v->get_uint64();
  if (v->is_int64()) return v->get_int64() > 0 ? static_cast<std::uint64_t>(v->get_int64()) : 0;
  if (!v->is_string()) return 0;
  const auto& s = v->get_string();
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  return ec == std::errc{} && end == s.data() + s.size() ? id : 0;
}

void chat_model::set_self(const json::object& user) {
  self_id_ = id_field(user, "id");
  remember_user(user);
}

void chat_model::remember_user(const json::object& user) {
  const auto id = id_field(user, "id");
  if (id != 0) user_names_[id] = display_name(user);
}

void chat_model::apply(std::string_view name, const json::object& d, chat_clock::time_point now) {
  if (name == "READY") {
    if (const auto* user = object_field(d, "user")) set_self(*user);
    if (const auto* dms = array_field(d, "private_channels")) add_channels(*dms);
  } else if (name == "GUILD_CREATE") {
    on_guild_create(d);
  } else if (name == "GUILD_UPDATE") {
    if (auto it = guilds_.find(id_field(d, "id")); it != guilds_.end()) it->second.name = terminal_safe(string_field(d, "name"));
  } else if (name == "GUILD_DELETE") {
    const auto id = id_field(d, "id");
    std::vector<std::uint64_t> gone;
    for (const auto& [cid, c] : channels_)
      if (c.guild_id == id) gone.push_back(cid);
    for (auto cid : gone) remove_channel(cid);
    guilds_.erase(id);
  } else if (name == "CHANNEL_CREATE" || name == "CHANNEL_UPDATE") {
    add_channel(d, id_field(d, "guild_id"));
  } else if (name == "CHANNEL_DELETE") {
    remove_channel(id_field(d, "id"));
  } else if (name == "MESSAGE_CREATE") {
    on_message_create(d);
  } else if (name == "MESSAGE_UPDATE") {
    on_message_update(d);
  } else if (name == "MESSAGE_DELETE") {
    remove_message(id_field(d, "channel_id"), id_field(d, "id"));
  } else if (name == "MESSAGE_DELETE_BULK") {
    if (const auto* ids = array_field(d, "ids")) {
      for (const auto& v : *ids) {
        json::object one{{"id", v}};
        remove_message(id_field(d, "channel_id"), id_field(one, "id"));
      }
    }
  } else if (name == "TYPING_START") {
    on_typing(d, now);
  } else if (name == "PRESENCE_UPDATE") {
    if (const auto* user = object_field(d, "user")) {
      presences_[id_field(*user, "id")] = string_field(d, "status");
      if (user->contains("username")) remember_user(*user);
    }
  } else if (name == "GUILD_MEMBER_ADD" || name == "GUILD_MEMBER_UPDATE") {
    on_member(id_field(d, "guild_id"), d);
  } else if (name == "GUILD_MEMBER_REMOVE") {
    if (auto it = guilds_.find(id_field(d, "guild_id")); it != guilds_.end()) {
      if (const auto* user = object_field(d, "user")) std::erase(it->second.member_ids, id_field(*user, "id"));
    }
  }
}

void chat_model::on_guild_create(const json::object& g) {
  const auto id = id_field(g, "id");
  if (id == 0) return;
  auto& guild = guilds_[id];
  guild.id = id;
  guild.name = terminal_safe(string_field(g, "name"));
  if (const auto* channels = array_field(g, "channels")) {
    for (const auto& c : *channels)
      if (c.is_object()) add_channel(c.get_object(), id);
  }
  if (const auto* members = array_field(g, "members")) {
    for (const auto& m : *members)
      if (m.is_object()) on_member(id, m.get_object());
  }
  if (const auto* presences = array_field(g, "presences")) {
    for (const auto& p : *presences) {
      if (!p.is_object()) continue;
      if (const auto* user = object_field(p.get_object(), "user"))
        presences_[id_field(*user, "id")] = string_field(p.get_object(), "status");
    }
  }
  select_first_if_none();
}

void chat_model::on_member(std::uint64_t guild_id, const json::object& member) {
  auto it = guilds_.find(guild_id);
  const auto* user = object_field(member, "user");
  if (it == guilds_.end() || !user) return;
  remember_user(*user);
  const auto uid = id_field(*user, "id");
  if (auto nick = string_field(member, "nick"); !nick.empty()) user_names_[uid] = terminal_safe(nick);
  auto& ids = it->second.member_ids;
  if (std::find(ids.begin(), ids.end(), uid) == ids.end()) ids.push_back(uid);
}

void chat_model::add_channels(const json::array& channels) {
  for (const auto& c : channels)
    if (c.is_object()) add_channel(c.get_object(), id_field(c.get_object(), "guild_id"));
  select_first_if_none();
}

void chat_model::add_channel(const json::object& c, std::uint64_t guild_id) {
  const auto id = id_field(c, "id");
  const int type = int_field(c, "type");
  if (id == 0) return;
  if (!holds_messages(type)) {
    remove_channel(id);  // an update may turn a channel into something else
    return;
  }
  auto& ch = channels_[id];
  ch.id = id;
  ch.guild_id = guild_id;
  ch.type = type;
  ch.position = int_field(c, "position");
  ch.label = channel_label(c);
  if (const auto* recipients = array_field(c, "recipients")) {
    for (const auto& r : *recipients)
      if (r.is_object()) remember_user(r.get_object());
  }
}

void chat_model::remove_channel(std::uint64_t id) {
  channels_.erase(id);
  typing_.erase(id);
  if (current_ == id) {
    current_ = 0;
    select_first_if_none();
  }
}

bool chat_model::store_message(chat_channel& ch, const json::object& message) {
  auto m = to_chat_message(message);
  if (m.id == 0) return false;
  if (m.author_id != 0) remember_user(*object_field(message, "author"));
  auto& list = ch.messages;
  // New messages arrive in order almost always: check the end first.
  if (list.empty() || list.back().id < m.id) {
    list.push_back(std::move(m));
    return true;
  }
  auto it = std::lower_bound(list.begin(), list.end(), m.id, [](const chat_message& a, std::uint64_t id) { return a.id < id; });
  if (it != list.end() && it->id == m.id) {
    *it = std::move(m);
    return false;
  }
  list.insert(it, std::move(m));
  return true;
}

void chat_model::on_message_create(const json::object& m) {
  const auto channel_id = id_field(m, "channel_id");
  if (channel_id == 0) return;
  auto it = channels_.find(channel_id);
  if (it == channels_.end()) {
    if (id_field(m, "guild_id") != 0) return;  // a guild channel we do not show
    // A DM channel we have not listed yet: name it after the other person when we can.
    json::object dm{{"id", m.at("channel_id")}, {"type", 1}};
    if (const auto* author = object_field(m, "author"); author && id_field(*author, "id") != self_id_)
      dm["recipients"] = json::array{*author};
    add_channel(dm, 0);
    it = channels_.find(channel_id);
    if (it == channels_.end()) return;
  }
  const bool is_new = store_message(it->second, m);
  std::uint64_t author_id = 0;
  if (const auto* author = object_field(m, "author")) {
    author_id = id_field(*author, "id");
    // A message ends its author's typing indicator.
    if (auto t = typing_.find(channel_id); t != typing_.end())
      std::erase_if(t->second, [id = id_field(*author, "id")](const typing_entry& e) { return e.user_id == id; });
  }
  // Our own messages (sent from another session) are not news to us.
  if (is_new && channel_id != current_ && author_id != self_id_) ++it->second.unread;
  select_first_if_none();
}

void chat_model::on_message_update(const json::object& d) {
  auto it = channels_.find(id_field(d, "channel_id"));
  if (it == channels_.end()) return;
  auto& list = it->second.messages;
  const auto id = id_field(d, "id");
  auto m = std::find_if(list.begin(), list.end(), [id](const chat_message& x) { return x.id == id; });
  if (m == list.end()) return;
  // Updates may be partial: merge the fields present into what we have.
  json::object merged = m->data;
  for (const auto& [key, value] : d) merged[key] = value;
  *m = to_chat_message(merged);
}

void chat_model::remove_message(std::uint64_t channel_id, std::uint64_t message_id) {
  auto it = channels_.find(channel_id);
  if (it == channels_.end()) return;
  std::erase_if(it->second.messages, [message_id](const chat_message& m) { return m.id == message_id; });
}

void chat_model::on_typing(const json::object& d, chat_clock::time_point now) {
  const auto user_id = id_field(d, "user_id");
  const auto channel_id = id_field(d, "channel_id");
  if (user_id == 0 || user_id == self_id_ || !channels_.contains(channel_id)) return;
  if (const auto* member = object_field(d, "member")) {
    if (const auto* user = object_field(*member, "user")) remember_user(*user);
  }
  auto& list = typing_[channel_id];
  std::erase_if(list, [&](const typing_entry& e) { return e.user_id == user_id || e.until <= now; });
  list.push_back({user_id, now + typing_duration});
}

void chat_model::add_history(std::uint64_t channel_id, const json::array& newest_first, bool complete) {
  auto it = channels_.find(channel_id);
  if (it == channels_.end()) return;
  for (const auto& m : newest_first)
    if (m.is_object()) store_message(it->second, m.get_object());
  it->second.history_requested = true;
  it->second.loading_older = false;
  if (complete) it->second.history_complete = true;
}

void chat_model::add_message(const json::object& message) {
  if (auto it = channels_.find(id_field(message, "channel_id")); it != channels_.end()) store_message(it->second, message);
}

std::vector<std::uint64_t> chat_model::channel_order() const {
  std::vector<std::uint64_t> order;
  std::vector<const chat_guild*> guilds;
  for (const auto& [id, g] : guilds_) guilds.push_back(&g);
  std::stable_sort(guilds.begin(), guilds.end(), [](auto* a, auto* b) { return a->name < b->name; });
  auto add_sorted = [&](std::uint64_t guild_id) {
    std::vector<const chat_channel*> list;
    for (const auto& [id, c] : channels_)
      if (c.guild_id == guild_id) list.push_back(&c);
    std::sort(list.begin(), list.end(), [guild_id](auto* a, auto* b) {
      if (guild_id == 0) return a->label != b->label ? a->label < b->label : a->id < b->id;
      return a->position != b->position ? a->position < b->position : a->id < b->id;
    });
    for (auto* c : list) order.push_back(c->id);
  };
  for (auto* g : guilds) add_sorted(g->id);
  add_sorted(0);
  return order;
}

void chat_model::select_first_if_none() {
  if (current_ != 0) return;
  auto order = channel_order();
  if (!order.empty()) select(order.front());
}

bool chat_model::select(std::uint64_t channel_id) {
  auto it = channels_.find(channel_id);
  if (it == channels_.end()) return false;
  current_ = channel_id;
  it->second.unread = 0;
  scroll = 0;
  return true;
}

void chat_model::select_relative(int delta) {
  auto order = channel_order();
  if (order.empty()) return;
  auto it = std::find(order.begin(), order.end(), current_);
  const auto n = static_cast<long>(order.size());
  long index = it == order.end() ? 0 : (it - order.begin()) + delta;
  index = ((index % n) + n) % n;
  select(order[static_cast<std::size_t>(index)]);
}

bool chat_model::select_by_name(std::string_view name) {
  if (name.empty()) return false;
  std::uint64_t as_id = 0;
  if (std::from_chars(name.data(), name.data() + name.size(), as_id).ec == std::errc{} && channels_.contains(as_id))
    return select(as_id);
  const auto* here = channel(current_);
  const std::uint64_t current_guild = here ? here->guild_id : 0;
  std::uint64_t found = 0;
  for (auto id : channel_order()) {
    const auto& c = channels_.at(id);
    const std::string_view label(c.label);
    const bool match = label == name || (label.size() > 1 && label.substr(1) == name);
    if (!match) continue;
    if (c.guild_id == current_guild) return select(id);
    if (found == 0) found = id;
  }
  return found != 0 && select(found);
}

const chat_channel* chat_model::channel(std::uint64_t id) const {
  auto it = channels_.find(id);
  return it == channels_.end() ? nullptr : &it->second;
}

chat_channel* chat_model::channel(std::uint64_t id) {
  auto it = channels_.find(id);
  return it == channels_.end() ? nullptr : &it->second;
}

const chat_guild* chat_model::guild(std::uint64_t id) const {
  auto it = guilds_.find(id);
  return it == guilds_.end() ? nullptr : &it->second;
}

std::vector<sidebar_row> chat_model::sidebar() const {
  std::vector<sidebar_row> rows;
  std::uint64_t heading = ~std::uint64_t{0};
  for (auto id : channel_order()) {
    const auto& c = channels_.at(id);
    if (c.guild_id != heading) {
      heading = c.guild_id;
      const auto* g = guild(c.guild_id);
      rows.push_back({c.guild_id == 0 ? "Direct messages" : (g ? g->name : "?"), 0, false, 0});
    }
    rows.push_back({c.label, c.id, c.id == current_, c.unread});
  }
  return rows;
}

std::vector<std::string> chat_model::typing_in(std::uint64_t channel_id, chat_clock::time_point now) const {
  std::vector<std::string> names;
  auto it = typing_.find(channel_id);
  if (it == typing_.end()) return names;
  for (const auto& e : it->second)
    if (e.until > now) names.push_back(name_of(e.user_id));
  return names;
}

std::string chat_model::typing_line(std::uint64_t channel_id, chat_clock::time_point now) const {
  const auto names = typing_in(channel_id, now);
  switch (names.size()) {
    case 0: return {};
    case 1: return names[0] + " is typing\u2026";
    case 2: return names[0] + " and " + names[1] + " are typing\u2026";
    default: return std::to_string(names.size()) + " people are typing\u2026";
  }
}

std::vector<member_row> chat_model::members_of(std::uint64_t guild_id) const {
  std::vector<member_row> rows;
  const auto* g = guild(guild_id);
  if (!g) return rows;
  for (auto uid : g->member_ids) rows.push_back({name_of(uid), status_of(uid)});
  std::sort(rows.begin(), rows.end(), [](const member_row& a, const member_row& b) {
    const int ra = status_rank(a.status) == 3 ? 1 : 0, rb = status_rank(b.status) == 3 ? 1 : 0;
    return ra != rb ? ra < rb : a.name < b.name;
  });
  return rows;
}

std::string chat_model::status_of(std::uint64_t user_id) const {
  auto it = presences_.find(user_id);
  return it == presences_.end() || it->second.empty() || it->second == "invisible" ? "offline" : it->second;
}

std::string chat_model::name_of(std::uint64_t user_id) const {
  auto it = user_names_.find(user_id);
  return it == user_names_.end() ? std::to_string(user_id) : it->second;
}

} // namespace parley::apps
