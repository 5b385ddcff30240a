// The message object; see message_json.hpp.
#include "model/message_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "model/timestamp.hpp"

namespace parley::model {
namespace {

namespace json = boost::json;

// Stored JSON text we wrote ourselves; anything unreadable shows as the empty array.
json::value parse_stored(const std::string& text) {
  if (text.empty() || text == "[]") return json::array();
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) return json::array();
  return v;
}

// Filenames go into a path segment: everything but RFC 3986 unreserved characters is escaped.
void append_percent_encoded(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (const unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

json::object emoji_json(const emoji_ref& e) {
  json::object o;
  o["id"] = e.id ? json::value(to_string(*e.id)) : json::value(nullptr);
  o["name"] = e.name;
  if (e.animated) o["animated"] = true;
  return o;
}

json::object reference_json(const message_reference& r, snowflake channel_id) {
  json::object o;
  o["type"] = r.type;
  if (r.message_id) o["message_id"] = to_string(*r.message_id);
  o["channel_id"] = to_string(r.channel_id.value_or(channel_id));  // received references always carry it
  if (r.guild_id) o["guild_id"] = to_string(*r.guild_id);
  return o;
}

json::object body_json(const message& m, const user& author, std::span<const user> mentions,
                       const message_json_options& options) {
  json::object o;
  o.reserve(24);
  o["type"] = static_cast<int>(m.type);
  o["id"] = to_string(m.id);
  o["channel_id"] = to_string(m.channel_id);
  o["author"] = to_public_json(author);
  o["content"] = options.redacted ? std::string_view() : std::string_view(m.content);
  o["timestamp"] = format_iso8601(static_cast<std::int64_t>(snowflake_time_ms(m.id)));
  o["edited_timestamp"] = m.edited_ms ? json::value(format_iso8601(*m.edited_ms)) : json::value(nullptr);
  o["tts"] = m.tts;
  o["mention_everyone"] = m.mention_everyone;
  json::array mention_array;
  mention_array.reserve(mentions.size());
  for (const auto& u : mentions) mention_array.push_back(to_public_json(u));
  o["mentions"] = std::move(mention_array);
  json::array roles;
  roles.reserve(m.mention_roles.size());
  for (const auto id : m.mention_roles) roles.push_back(json::value(to_string(id)));
  o["mention_roles"] = std::move(roles);
  json::array attachments;
  if (!options.redacted) {
    attachments.reserve(m.attachments.size());
    for (const auto& a : m.attachments) attachments.push_back(to_json(a, m.channel_id, options.attachment_base_url));
  }
  o["attachments"] = std::move(attachments);
  o["embeds"] = options.redacted ? json::value(json::array()) : parse_stored(m.embeds_json);
  o["components"] = options.redacted ? json::value(json::array()) : parse_stored(m.components_json);
  o["pinned"] = m.pinned();
  o["flags"] = m.flags;
  if (m.nonce_json) {
    boost::system::error_code ec;
    auto nonce = json::parse(*m.nonce_json, ec);
    if (!ec) o["nonce"] = std::move(nonce);
  }
  if (m.webhook_id) o["webhook_id"] = to_string(*m.webhook_id);
  if (!m.reactions.empty()) {
    json::array reactions;
    reactions.reserve(m.reactions.size());
    for (const auto& r : m.reactions) reactions.push_back(to_json(r));
    o["reactions"] = std::move(reactions);
  }
  if (m.reference) o["message_reference"] = reference_json(*m.reference, m.channel_id);
  return o;
}

} // namespace

json::object to_json(const attachment& a, snowflake channel_id, std::string_view attachment_base_url) {
  json::object o;
  o["id"] = to_string(a.id);
  o["filename"] = a.filename;
  o["size"] = a.size;
  std::string url(attachment_base_url);
  url += "/attachments/";
  url += to_string(channel_id);
  url += '/';
  url += to_string(a.id);
  url += '/';
  append_percent_encoded(url, a.filename);
  o["url"] = url;
  o["proxy_url"] = std::move(url);
  if (a.title) o["title"] = *a.title;
  if (a.description) o["description"] = *a.description;
  if (a.content_type) o["content_type"] = *a.content_type;
  if (a.width || a.height) {
    o["width"] = a.width ? json::value(*a.width) : json::value(nullptr);
    o["height"] = a.height ? json::value(*a.height) : json::value(nullptr);
  }
  if (a.duration_secs) o["duration_secs"] = *a.duration_secs;
  if (a.waveform) o["waveform"] = *a.waveform;
  if (a.flags) o["flags"] = a.flags;
  return o;
}

json::object to_json(const reaction_count& r) {
  json::object o;
  o["count"] = r.count;
  o["count_details"] = json::object{{"burst", r.burst_count}, {"normal", r.count - r.burst_count}};
  o["me"] = r.me;
  o["me_burst"] = r.me_burst;
  o["emoji"] = emoji_json(r.emoji);
  o["burst_colors"] = json::array();
  return o;
}

json::object to_json(const message& m, const user& author, std::span<const user> mentions, const message* referenced,
                     const user* referenced_author, const message_json_options& options) {
  auto o = body_json(m, author, mentions, options);
  if (m.reference && m.reference->type == 0 && m.type == message_type::reply) {
    if (referenced && referenced_author) {
      message_json_options inner = options;
      o["referenced_message"] = body_json(*referenced, *referenced_author, {}, inner);
    } else {
      o["referenced_message"] = nullptr;
    }
  }
  return o;
}

} // namespace parley::model
