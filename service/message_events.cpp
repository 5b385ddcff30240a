// The message dispatches (gateway.md §11.1, §5.2; message_events.hpp). Each event's `d` is built
// once; the redacted variant is a copy with the four guarded fields emptied, not a second render.
#include "service/message_events.hpp"

#include <memory>

#include <boost/json/array.hpp>
#include <spdlog/spdlog.h>

#include "model/guild_json.hpp"
#include "model/message_json.hpp"
#include "service/guild_events.hpp"

namespace parley::service {
namespace {

namespace json = boost::json;

json::object render(const message_view& view, const store::message_record& r, bool redacted) {
  return model::to_json(r.message, r.author, r.mentions, r.referenced ? &*r.referenced : nullptr,
                        r.referenced_author ? &*r.referenced_author : nullptr,
                        {view.attachment_base_url, redacted});
}

// guild_id, member (partial, without user) and channel_type, as MESSAGE_CREATE/UPDATE carry them.
void add_event_fields(context& ctx, json::object& d, const message_channel& where, const store::message_record& r) {
  d["channel_type"] = static_cast<int>(where.channel.type);
  if (where.is_private()) return;
  d["guild_id"] = model::to_string(where.guild->guild.id);
  if (r.message.webhook_id) return;
  if (where.guild->self.user_id == r.message.author_id) {
    d["member"] = model::to_json(where.guild->self, nullptr);  // the usual case: the author acts
    return;
  }
  auto m = ctx.store.member(where.guild->guild.id, r.message.author_id);
  if (m && *m) d["member"] = model::to_json((*m)->member, nullptr);
  else if (!m) spdlog::warn("member {} for a message event: {}", r.message.author_id, m.error().message());
}

void publish_message(context& ctx, std::string_view name, const message_view& view, const message_channel& where,
                     const store::message_record& r) {
  auto d = render(view, r, false);
  if (name == "MESSAGE_UPDATE") d["tts"] = false;
  add_event_fields(ctx, d, where, r);
  auto e = std::make_shared<bus::event>();
  e->name = std::string(name);
  e->to = channel_audience(where.channel);
  if (!where.is_private()) {
    // gateway.md §5.2: bots without MESSAGE_CONTENT get this unless author or mentioned.
    json::object redacted = d;
    redacted["content"] = "";
    redacted["embeds"] = json::array();
    redacted["attachments"] = json::array();
    redacted["components"] = json::array();
    e->redacted = std::move(redacted);
    e->content_readers.reserve(1 + r.message.mention_users.size());
    e->content_readers.push_back(r.message.author_id);
    e->content_readers.insert(e->content_readers.end(), r.message.mention_users.begin(), r.message.mention_users.end());
  }
  e->data = std::move(d);
  ctx.bus.publish(std::move(e));
}

json::object delete_base(const message_channel& where) {
  json::object d;
  d["channel_id"] = model::to_string(where.channel.id);
  if (where.channel.guild_id) d["guild_id"] = model::to_string(*where.channel.guild_id);
  return d;
}

} // namespace

json::object message_object(const message_view& view, const store::message_record& r) { return render(view, r, false); }

json::object redacted_message_object(const message_view& view, const store::message_record& r) {
  return render(view, r, true);
}

void publish_message_create(context& ctx, const message_view& view, const message_channel& where,
                            const store::message_record& r) {
  publish_message(ctx, "MESSAGE_CREATE", view, where, r);
}

void publish_message_update(context& ctx, const message_view& view, const message_channel& where,
                            const store::message_record& r) {
  publish_message(ctx, "MESSAGE_UPDATE", view, where, r);
}

void publish_message_delete(context& ctx, const message_channel& where, model::snowflake message_id) {
  auto d = delete_base(where);
  d["id"] = model::to_string(message_id);
  publish_to_channel(ctx, "MESSAGE_DELETE", std::move(d), where.channel);
}

void publish_message_delete_bulk(context& ctx, const message_channel& where, const std::vector<model::snowflake>& ids) {
  auto d = delete_base(where);
  json::array list;
  list.reserve(ids.size());
  for (const auto id : ids) list.push_back(json::value(model::to_string(id)));
  d["ids"] = std::move(list);
  publish_to_channel(ctx, "MESSAGE_DELETE_BULK", std::move(d), where.channel);
}

} // namespace parley::service
