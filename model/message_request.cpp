// Message request bodies; see message_request.hpp.
#include "model/message_request.hpp"

#include <algorithm>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "model/embed.hpp"
#include "model/username.hpp"

namespace parley::model {
namespace {

namespace json = boost::json;

std::string max_length_message(std::size_t max) { return "Must be " + std::to_string(max) + " or fewer in length."; }

// A string field ≤ max code points; absent or null → nullopt without error.
std::optional<std::string> read_string(const json::object& o, std::string_view key, const std::string& path,
                                       std::size_t max, api_error& errors) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    errors.field(path, "BASE_TYPE_STRING", "Must be a string.");
    return std::nullopt;
  }
  const auto len = utf8_length(v->get_string());
  if (!len) {
    errors.field(path, "BASE_TYPE_BAD_STRING", "Must be valid UTF-8.");
    return std::nullopt;
  }
  if (*len > max) {
    errors.field(path, "BASE_TYPE_MAX_LENGTH", max_length_message(max));
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::optional<bool> read_bool(const json::object& o, std::string_view key, api_error& errors) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) {
    errors.field(key, "BASE_TYPE_BOOLEAN", "Must be either true or false.");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<snowflake> read_id(const json::value& v, const std::string& path, api_error& errors) {
  if (auto id = snowflake_from_json(v)) return id;
  errors.field(path, "NUMBER_TYPE_COERCE", "Value is not snowflake.");
  return std::nullopt;
}

std::optional<int> read_flags(const json::object& o, api_error& errors) {
  const auto* v = o.if_contains("flags");
  if (!v || v->is_null()) return std::nullopt;
  const auto* n = v->if_int64();
  const auto* u = v->if_uint64();
  if (!n && !u) {
    errors.field("flags", "NUMBER_TYPE_COERCE", "Value is not int.");
    return std::nullopt;
  }
  const std::uint64_t bits = n ? static_cast<std::uint64_t>(*n) : *u;
  return static_cast<int>(bits & 0x7fffffffULL);
}

std::vector<snowflake> read_id_list(const json::value* v, const std::string& path, std::size_t max, api_error& errors) {
  std::vector<snowflake> out;
  if (!v || v->is_null()) return out;
  if (!v->is_array()) {
    errors.field(path, "BASE_TYPE_LIST", "Must be a list.");
    return out;
  }
  const auto& a = v->get_array();
  if (a.size() > max) {
    errors.field(path, "BASE_TYPE_MAX_LENGTH", max_length_message(max));
    return out;
  }
  for (std::size_t i = 0; i < a.size(); ++i)
    if (auto id = read_id(a[i], path + "." + std::to_string(i), errors))
      if (std::find(out.begin(), out.end(), *id) == out.end()) out.push_back(*id);
  return out;
}

std::optional<allowed_mentions> read_allowed_mentions(const json::value* v, api_error& errors) {
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_object()) {
    errors.field("allowed_mentions", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    return std::nullopt;
  }
  const auto& o = v->get_object();
  allowed_mentions am;
  am.parse_users = am.parse_roles = am.parse_everyone = false;
  am.replied_user = false;
  if (const auto* parse = o.if_contains("parse"); parse && !parse->is_null()) {
    if (!parse->is_array()) {
      errors.field("allowed_mentions.parse", "BASE_TYPE_LIST", "Must be a list.");
    } else {
      const auto& a = parse->get_array();
      for (std::size_t i = 0; i < a.size(); ++i) {
        const auto* s = a[i].if_string();
        if (s && *s == "users") am.parse_users = true;
        else if (s && *s == "roles") am.parse_roles = true;
        else if (s && *s == "everyone") am.parse_everyone = true;
        else
          errors.field("allowed_mentions.parse." + std::to_string(i), "BASE_TYPE_CHOICES",
                       "Value must be one of ('roles', 'users', 'everyone').");
      }
    }
  }
  am.users = read_id_list(o.if_contains("users"), "allowed_mentions.users", max_allowed_mention_ids, errors);
  am.roles = read_id_list(o.if_contains("roles"), "allowed_mentions.roles", max_allowed_mention_ids, errors);
  if (am.parse_users && !am.users.empty())
    errors.field("allowed_mentions", "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                 "parse:[\"users\"] and users: [ids...] are mutually exclusive.");
  if (am.parse_roles && !am.roles.empty())
    errors.field("allowed_mentions", "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                 "parse:[\"roles\"] and roles: [ids...] are mutually exclusive.");
  if (const auto* replied = o.if_contains("replied_user"); replied && !replied->is_null()) {
    if (replied->is_bool()) am.replied_user = replied->get_bool();
    else errors.field("allowed_mentions.replied_user", "BASE_TYPE_BOOLEAN", "Must be either true or false.");
  }
  return am;
}

std::optional<std::vector<attachment_request>> read_attachments(const json::value* v, api_error& errors) {
  if (!v) return std::nullopt;
  std::vector<attachment_request> out;
  if (v->is_null()) return out;
  if (!v->is_array()) {
    errors.field("attachments", "BASE_TYPE_LIST", "Must be a list.");
    return std::nullopt;
  }
  const auto& a = v->get_array();
  if (a.size() > max_attachments_per_message) {
    errors.field("attachments", "BASE_TYPE_MAX_LENGTH", max_length_message(max_attachments_per_message));
    return std::nullopt;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string p = "attachments." + std::to_string(i);
    if (!a[i].is_object()) {
      errors.field(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
      continue;
    }
    const auto& o = a[i].get_object();
    attachment_request r;
    const auto* id = o.if_contains("id");
    if (!id || id->is_null()) {
      errors.field(p + ".id", "BASE_TYPE_REQUIRED", "This field is required");
      continue;
    }
    auto parsed = read_id(*id, p + ".id", errors);
    if (!parsed) continue;
    r.id = *parsed;
    r.filename = read_string(o, "filename", p + ".filename", 1024, errors);
    r.title = read_string(o, "title", p + ".title", 1024, errors);
    r.description = read_string(o, "description", p + ".description", 1024, errors);
    r.waveform = read_string(o, "waveform", p + ".waveform", 4096, errors);
    if (const auto* d = o.if_contains("duration_secs"); d && !d->is_null()) {
      if (d->is_number()) r.duration_secs = d->to_number<double>();
      else errors.field(p + ".duration_secs", "NUMBER_TYPE_COERCE", "Value is not float.");
    }
    if (const auto* s = o.if_contains("is_spoiler"); s && s->is_bool()) r.spoiler = s->get_bool();
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<std::string> read_components(const json::value* v, api_error& errors) {
  if (!v) return std::nullopt;
  if (v->is_null()) return std::string("[]");
  if (!v->is_array()) {
    errors.field("components", "BASE_TYPE_LIST", "Must be a list.");
    return std::nullopt;
  }
  if (v->get_array().size() > 40) {
    errors.field("components", "BASE_TYPE_MAX_LENGTH", max_length_message(40));
    return std::nullopt;
  }
  for (std::size_t i = 0; i < v->get_array().size(); ++i)
    if (!v->get_array()[i].is_object())
      errors.field("components." + std::to_string(i), "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
  return json::serialize(*v);
}

std::optional<std::string> read_content(const json::object& body, api_error& errors) {
  return read_string(body, "content", "content", max_message_content, errors);
}

} // namespace

std::optional<message_create_request> parse_message_create(const json::object& body, api_error& errors) {
  message_create_request r;
  if (auto c = read_content(body, errors)) r.content = std::move(*c);
  if (const auto* n = body.if_contains("nonce"); n && !n->is_null()) {
    if (n->is_int64() || n->is_uint64()) {
      r.nonce_json = json::serialize(*n);
    } else if (n->is_string()) {
      if (n->get_string().size() > max_nonce_length)
        errors.field("nonce", "BASE_TYPE_MAX_LENGTH", max_length_message(max_nonce_length));
      else
        r.nonce_json = json::serialize(*n);
    } else {
      errors.field("nonce", "NONCE_TYPE_INVALID", "Nonce must be an integer or a string.");
    }
  }
  r.enforce_nonce = read_bool(body, "enforce_nonce", errors).value_or(false);
  r.tts = read_bool(body, "tts", errors).value_or(false);
  r.flags = read_flags(body, errors).value_or(0) & message_flag::settable_on_create;
  if (const auto* e = body.if_contains("embeds")) {
    if (auto embeds = parse_embeds(*e, "embeds", errors)) r.embeds = std::move(*embeds);
  } else if (const auto* single = body.if_contains("embed"); single && !single->is_null()) {
    // The v6 single `embed` field, still sent by old clients.
    if (auto embeds = parse_embeds(json::array{*single}, "embed", errors)) r.embeds = std::move(*embeds);
  }
  if (auto c = read_components(body.if_contains("components"), errors)) {
    r.components_json = std::move(*c);
    r.has_components = r.components_json != "[]";
  }
  if (const auto* ref = body.if_contains("message_reference"); ref && !ref->is_null()) {
    if (!ref->is_object()) {
      errors.field("message_reference", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    } else {
      const auto& o = ref->get_object();
      reference_request rr;
      if (const auto* t = o.if_contains("type"); t && !t->is_null()) {
        const auto* n = t->if_int64();
        if (n && (*n == 0 || *n == 1)) rr.type = static_cast<int>(*n);
        else errors.field("message_reference.type", "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.");
      }
      if (const auto* id = o.if_contains("message_id"); id && !id->is_null())
        rr.message_id = read_id(*id, "message_reference.message_id", errors);
      if (const auto* id = o.if_contains("channel_id"); id && !id->is_null())
        rr.channel_id = read_id(*id, "message_reference.channel_id", errors);
      if (const auto* id = o.if_contains("guild_id"); id && !id->is_null())
        rr.guild_id = read_id(*id, "message_reference.guild_id", errors);
      if (const auto* f = o.if_contains("fail_if_not_exists"); f && f->is_bool()) rr.fail_if_not_exists = f->get_bool();
      if (!rr.message_id) errors.field("message_reference.message_id", "BASE_TYPE_REQUIRED", "This field is required");
      r.reference = rr;
    }
  }
  if (auto am = read_allowed_mentions(body.if_contains("allowed_mentions"), errors)) r.mentions = std::move(*am);
  if (auto a = read_attachments(body.if_contains("attachments"), errors)) r.attachments = std::move(*a);
  r.sticker_ids = read_id_list(body.if_contains("sticker_ids"), "sticker_ids", 3, errors);
  if (const auto* poll = body.if_contains("poll"); poll && !poll->is_null()) r.has_poll = true;
  if (errors.has_field_errors()) return std::nullopt;
  return r;
}

std::optional<message_edit_request> parse_message_edit(const json::object& body, api_error& errors) {
  message_edit_request r;
  if (const auto* c = body.if_contains("content")) {
    if (c->is_null()) r.content = std::string();
    else if (auto s = read_content(body, errors)) r.content = std::move(*s);
  }
  if (const auto* e = body.if_contains("embeds")) r.embeds = parse_embeds(*e, "embeds", errors);
  else if (const auto* single = body.if_contains("embed"))
    r.embeds = single->is_null() ? std::optional<json::array>(json::array{}) : parse_embeds(json::array{*single}, "embed", errors);
  r.flags = read_flags(body, errors);
  r.mentions = read_allowed_mentions(body.if_contains("allowed_mentions"), errors);
  r.components_json = read_components(body.if_contains("components"), errors);
  r.attachments = read_attachments(body.if_contains("attachments"), errors);
  if (errors.has_field_errors()) return std::nullopt;
  return r;
}

int message_has_bits(const message& m) {
  int has = 0;
  if (m.content.find("http://") != std::string::npos || m.content.find("https://") != std::string::npos)
    has |= message_has::link;
  if (m.embeds_json != "[]") has |= message_has::embed;
  for (const auto& a : m.attachments) {
    has |= message_has::file;
    const std::string_view type = a.content_type ? std::string_view(*a.content_type) : std::string_view();
    if (type.starts_with("image/")) has |= message_has::image;
    else if (type.starts_with("video/")) has |= message_has::video;
    else if (type.starts_with("audio/")) has |= message_has::sound;
  }
  return has;
}

} // namespace parley::model
