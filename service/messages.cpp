// The message use cases; see messages.hpp.
#include "service/messages.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include "model/application.hpp"
#include "model/channel_kind.hpp"
#include "model/mentions.hpp"
#include "model/message_json.hpp"
#include "model/message_request.hpp"
#include "model/permission_bits.hpp"
#include "service/content_gate.hpp"
#include "service/errors.hpp"

namespace parley::service {
namespace {

using model::api_error;
using model::json_code;
namespace json = boost::json;
namespace perm = model::permission;

constexpr int attachment_flag_spoiler = 1 << 3;

api_error code_error(int status, int code, std::string message) {
  return api_error(status, static_cast<json_code>(code), std::move(message));
}
api_error unknown_message() { return api_error::not_found(json_code::unknown_message, "Message"); }
api_error empty_message() { return code_error(400, 50006, "Cannot send an empty message"); }
api_error system_message() { return code_error(400, 50021, "Cannot execute action on a system message"); }

// Channels that hold messages: text, voice and stage chat, announcements, threads, DMs.
bool holds_messages(model::channel_type t) {
  using model::channel_type;
  return t == channel_type::guild_text || t == channel_type::dm || t == channel_type::guild_voice ||
         t == channel_type::group_dm || t == channel_type::guild_announcement || model::is_thread(t) ||
         t == channel_type::guild_stage_voice;
}

bool deletable(model::message_type t) {
  switch (t) {
    case model::message_type::recipient_add:
    case model::message_type::recipient_remove:
    case model::message_type::channel_name_change:
    case model::message_type::channel_icon_change:
      return false;
    default:
      return static_cast<int>(t) != 3 && static_cast<int>(t) != 21;  // CALL, THREAD_STARTER_MESSAGE
  }
}

std::string clean_filename(std::string_view name) {
  if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  out.reserve(name.size());
  for (const char c : name)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  return out.empty() ? std::string("unknown") : out;
}

// The mentions that take effect (rest.md §6.6.1): the syntax in the content, filtered by
// allowed_mentions, MENTION_EVERYONE, and role mentionability.
void apply_mentions(model::message& m, const message_channel& where, const model::allowed_mentions& allowed,
                    std::optional<model::snowflake> replied_author) {
  const auto found = model::parse_mentions(m.content);
  m.mention_users.clear();
  m.mention_roles.clear();
  m.mention_everyone = false;
  for (const auto id : found.users)
    if (allowed.parse_users || std::find(allowed.users.begin(), allowed.users.end(), id) != allowed.users.end())
      m.mention_users.push_back(id);
  if (replied_author && allowed.replied_user &&
      std::find(m.mention_users.begin(), m.mention_users.end(), *replied_author) == m.mention_users.end())
    m.mention_users.push_back(*replied_author);
  if (where.is_private()) return;
  const bool may_everyone = where.has(perm::mention_everyone);
  m.mention_everyone = (found.everyone || found.here) && allowed.parse_everyone && may_everyone;
  for (const auto id : found.roles) {
    const auto* role = where.guild->role(id);
    if (!role || id == where.guild->guild.id) continue;
    if (!allowed.parse_roles && std::find(allowed.roles.begin(), allowed.roles.end(), id) == allowed.roles.end())
      continue;
    if (role->mentionable || may_everyone) m.mention_roles.push_back(id);
  }
}

// 429 20016 with retry_after (see slowmode_retry_after in the header).
api_error slowmode_error(double retry_after) {
  auto e = code_error(429, 20016, "Slowmode rate limit");
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, retry_after, std::chars_format::fixed, 3);
  e.field("retry_after", "SLOWMODE_RATE_LIMITED", std::string_view(buf, ec == std::errc() ? end - buf : 0));
  return e;
}

} // namespace

std::optional<double> slowmode_retry_after(const model::api_error& e) {
  if (e.status() != 429) return std::nullopt;
  const auto* node = e.errors().if_contains("retry_after");
  if (!node || !node->is_object()) return std::nullopt;
  const auto* errs = node->get_object().if_contains("_errors");
  if (!errs || !errs->is_array() || errs->get_array().empty()) return std::nullopt;
  const auto* msg = errs->get_array()[0].as_object().if_contains("message");
  if (!msg || !msg->is_string()) return std::nullopt;
  double out = 0;
  const auto& s = msg->get_string();
  if (std::from_chars(s.data(), s.data() + s.size(), out).ec != std::errc()) return std::nullopt;
  return out;
}

messages::messages(context& ctx, const message_view& view, messages_options options)
    : ctx_(ctx), view_(view), options_(std::move(options)) {}

model::api_result<json::object> messages::create(const model::user& caller, model::snowflake channel_id,
                                                 const json::object& body, std::vector<upload> uploads) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  const auto& c = where->channel;
  if (!holds_messages(c.type)) return code_error(400, 50008, "Cannot send messages in a non-text channel");
  const auto send_bit = model::is_thread(c.type) ? perm::send_messages_in_threads : perm::send_messages;
  if (!where->has(send_bit)) return missing_permissions();

  auto errors = api_error::invalid_form_body();
  auto req = model::parse_message_create(body, errors);
  if (!req) return errors;
  if (!req->sticker_ids.empty()) return api_error(400, json_code::general, "Stickers are not supported");
  if (req->has_poll) return api_error(400, json_code::general, "Polls are not supported");
  if (req->content.empty() && req->embeds.empty() && !req->has_components && uploads.empty())
    return empty_message();
  if (!uploads.empty() && !where->has(perm::attach_files)) return missing_permissions();
  if (!uploads.empty() && ctx_.files == nullptr)
    return api_error(400, json_code::general, "This server does not accept file uploads");
  if (uploads.size() > model::max_attachments_per_message)
    return code_error(400, 30015, "Maximum number of attachments in a message reached (10)");

  const auto now = ctx_.time.now_ms();
  // DMs: a bot may only write to people it shares a guild with (rest.md §7.5).
  if (c.type == model::channel_type::dm && caller.bot) {
    model::snowflake other = 0;
    for (const auto id : c.recipients)
      if (id != caller.id) other = id;
    if (other != 0) {
      auto shared = ctx_.store.share_a_guild(caller.id, other);
      if (!shared) return internal_error(shared.error(), "share_a_guild");
      if (!*shared) return code_error(403, 50007, "Cannot send messages to this user");
    }
  }
  // Slowmode (guild channels): MANAGE_MESSAGES, MANAGE_CHANNELS and BYPASS_SLOWMODE skip it.
  if (!where->is_private() && c.rate_limit_per_user > 0 &&
      !(where->perms & (perm::manage_messages | perm::manage_channels | perm::bypass_slowmode))) {
    auto last = ctx_.store.last_message_by(channel_id, caller.id);
    if (!last) return internal_error(last.error(), "last_message_by");
    if (*last) {
      const auto since = now - static_cast<std::int64_t>(model::snowflake_time_ms(**last));
      const auto wait_ms = static_cast<std::int64_t>(c.rate_limit_per_user) * 1000 - since;
      if (wait_ms > 0) return slowmode_error(static_cast<double>(wait_ms) / 1000.0);
    }
  }

  model::message m;
  m.id = ctx_.ids.next(static_cast<std::uint64_t>(now));
  m.channel_id = channel_id;
  m.guild_id = c.guild_id;
  m.author_id = caller.id;
  m.content = std::move(req->content);
  m.tts = req->tts && where->has(perm::send_tts_messages);  // silently false, as Discord
  m.flags = req->flags;
  m.nonce_json = std::move(req->nonce_json);
  if (!req->embeds.empty() && (where->is_private() || where->has(perm::embed_links)))
    m.embeds_json = json::serialize(req->embeds);
  m.components_json = std::move(req->components_json);

  std::optional<model::snowflake> replied_author;
  if (req->reference) {
    const auto& ref = *req->reference;
    if (ref.type != 0) return api_error(400, json_code::general, "Forwarding messages is not supported");
    if (!where->has(perm::read_message_history))
      return code_error(403, 160002, "Cannot reply without permission to read message history");
    std::optional<store::message_record> target;
    if (!ref.channel_id || *ref.channel_id == channel_id) {
      auto found = ctx_.store.message(channel_id, *ref.message_id, caller.id);
      if (!found) return internal_error(found.error(), "message");
      target = std::move(*found);
    }
    if (target) {
      m.type = model::message_type::reply;
      m.reference = model::message_reference{0, target->message.id, channel_id, c.guild_id};
      replied_author = target->message.author_id;
      if (*replied_author == caller.id) replied_author.reset();  // no self-ping
    } else if (ref.fail_if_not_exists) {
      auto e = api_error::invalid_form_body();
      e.field("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message");
      return e;
    }
  }
  apply_mentions(m, *where, req->mentions, replied_author);

  // Uploads: metadata by placeholder, bytes made durable before the row that points at them.
  std::vector<model::snowflake> written;
  const auto remove_written = [&] {
    for (const auto id : written)
      if (auto r = ctx_.files->remove(channel_id, id); !r) spdlog::warn("removing attachment {}: {}", id, r.error().message());
  };
  for (std::size_t i = 0; i < req->attachments.size(); ++i) {
    const auto placeholder = req->attachments[i].id;
    const bool matched = std::any_of(uploads.begin(), uploads.end(), [&](const upload& u) {
      return static_cast<model::snowflake>(u.placeholder) == placeholder;
    });
    if (!matched) errors.field("attachments." + std::to_string(i) + ".id", "ATTACHMENT_NOT_FOUND", "Unknown attachment placeholder");
  }
  if (errors.has_field_errors()) return errors;
  for (auto& up : uploads) {
    model::attachment a;
    a.id = ctx_.ids.next(static_cast<std::uint64_t>(now));
    const model::attachment_request* meta = nullptr;
    for (const auto& r : req->attachments)
      if (r.id == static_cast<model::snowflake>(up.placeholder)) meta = &r;
    a.filename = clean_filename(meta && meta->filename ? std::string_view(*meta->filename) : std::string_view(up.filename));
    if (meta) {
      a.title = meta->title;
      a.description = meta->description;
      a.duration_secs = meta->duration_secs;
      a.waveform = meta->waveform;
      if (meta->spoiler) {
        a.flags |= attachment_flag_spoiler;
        if (!a.filename.starts_with("SPOILER_")) a.filename = "SPOILER_" + a.filename;
      }
    }
    if (!up.content_type.empty()) a.content_type = up.content_type;
    a.size = static_cast<std::int64_t>(up.bytes.size());
    if (options_.image_size && a.content_type) {
      if (auto wh = options_.image_size(*a.content_type, up.bytes)) {
        a.width = wh->first;
        a.height = wh->second;
      }
    }
    if (auto r = ctx_.files->put(channel_id, a.id, up.bytes); !r) {
      remove_written();
      return internal_error(r.error(), "file put");
    }
    written.push_back(a.id);
    m.attachments.push_back(std::move(a));
  }
  m.has = model::message_has_bits(m);

  std::optional<std::int64_t> dedupe;
  if (req->enforce_nonce && m.nonce_json) dedupe = now - options_.nonce_window_ms;
  auto outcome = ctx_.store.create_message(m, caller.id, dedupe);
  if (!outcome) {
    remove_written();
    if (outcome.error() == store::store_errc::not_found) return unknown_channel();
    return internal_error(outcome.error(), "create_message");
  }
  if (!outcome->created) {
    remove_written();  // the earlier message stands; these bytes belong to nothing
  } else {
    publish_message_create(ctx_, view_, *where, outcome->record);
  }
  return message_object(view_, outcome->record);  // the author always reads its own message in full
}

model::api_result<json::object> messages::get(const model::user& caller, model::snowflake channel_id,
                                              model::snowflake message_id) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  if (!where->has(perm::read_message_history)) return missing_permissions();
  auto found = ctx_.store.message(channel_id, message_id, caller.id);
  if (!found) return internal_error(found.error(), "message");
  if (!*found) return unknown_message();
  return content_gate(ctx_, view_, caller).render(**found, where->is_private());
}

model::api_result<json::array> messages::history(const model::user& caller, model::snowflake channel_id,
                                                 const store::history_query& q) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  if ((q.before != 0) + (q.after != 0) + (q.around != 0) > 1) {
    auto e = api_error::invalid_form_body();
    e.field("around", "MESSAGE_HISTORY_ANCHORS_EXCLUSIVE", "before, after and around are mutually exclusive.");
    return e;
  }
  json::array out;
  if (!where->has(perm::read_message_history)) return out;
  auto page = ctx_.store.messages(channel_id, q, caller.id);
  if (!page) return internal_error(page.error(), "messages");
  content_gate gate(ctx_, view_, caller);
  out.reserve(page->size());
  for (const auto& r : *page) out.push_back(gate.render(r, where->is_private()));
  return out;
}

model::api_result<json::object> messages::edit(const model::user& caller, model::snowflake channel_id,
                                               model::snowflake message_id, const json::object& body,
                                               std::vector<upload> uploads) {
  auto where = load_message_channel(ctx_, channel_id, caller.id);
  if (!where) return where.error();
  auto found = ctx_.store.message(channel_id, message_id, caller.id);
  if (!found) return internal_error(found.error(), "message");
  if (!*found) return unknown_message();
  auto errors = api_error::invalid_form_body();
  auto req = model::parse_message_edit(body, errors);
  if (!req) return errors;

  model::message m = (*found)->message;
  const bool is_author = m.author_id == caller.id;
  const bool edits_body = req->content || req->embeds || req->components_json || req->attachments || !uploads.empty();
  if (!is_author) {
    if (edits_body) return code_error(403, 50005, "Cannot edit a message authored by another user");
    if (!where->has(perm::manage_messages)) return missing_permissions();
  }
  if (edits_body && m.type != model::message_type::default_ && m.type != model::message_type::reply)
    return system_message();

  if (req->flags) {
    // Others toggle only SUPPRESS_EMBEDS; the author also the create-settable bits, never
    // removing IS_COMPONENTS_V2 once set.
    const int mutable_bits = is_author ? (model::message_flag::suppress_embeds | model::message_flag::suppress_notifications)
                                       : model::message_flag::suppress_embeds;
    m.flags = (m.flags & ~mutable_bits) | (*req->flags & mutable_bits);
  }
  if (req->content) m.content = std::move(*req->content);
  if (req->embeds) m.embeds_json = json::serialize(*req->embeds);
  if (req->components_json) m.components_json = std::move(*req->components_json);

  const auto now = ctx_.time.now_ms();
  std::vector<model::snowflake> written;
  if (req->attachments || !uploads.empty()) {
    if (!uploads.empty() && !where->has(perm::attach_files)) return missing_permissions();
    if (!uploads.empty() && ctx_.files == nullptr)
      return api_error(400, json_code::general, "This server does not accept file uploads");
    std::vector<model::attachment> next;
    const auto& listed = req->attachments ? *req->attachments : std::vector<model::attachment_request>{};
    // v10: the list names every attachment that stays; without it existing ones stay.
    if (!req->attachments) next = m.attachments;
    for (const auto& entry : listed) {
      auto old = std::find_if(m.attachments.begin(), m.attachments.end(),
                              [&](const model::attachment& a) { return a.id == entry.id; });
      if (old != m.attachments.end()) next.push_back(*old);
    }
    for (auto& up : uploads) {
      model::attachment a;
      a.id = ctx_.ids.next(static_cast<std::uint64_t>(now));
      const model::attachment_request* meta = nullptr;
      for (const auto& r : listed)
        if (r.id == static_cast<model::snowflake>(up.placeholder)) meta = &r;
      a.filename = clean_filename(meta && meta->filename ? std::string_view(*meta->filename) : std::string_view(up.filename));
      if (meta) a.description = meta->description;
      if (!up.content_type.empty()) a.content_type = up.content_type;
      a.size = static_cast<std::int64_t>(up.bytes.size());
      if (options_.image_size && a.content_type)
        if (auto wh = options_.image_size(*a.content_type, up.bytes)) {
          a.width = wh->first;
          a.height = wh->second;
        }
      if (auto r = ctx_.files->put(channel_id, a.id, up.bytes); !r) {
        for (const auto id : written) (void)ctx_.files->remove(channel_id, id);
        return internal_error(r.error(), "file put");
      }
      written.push_back(a.id);
      next.push_back(std::move(a));
    }
    if (next.size() > model::max_attachments_per_message) {
      for (const auto id : written) (void)ctx_.files->remove(channel_id, id);
      return code_error(400, 30015, "Maximum number of attachments in a message reached (10)");
    }
    m.attachments = std::move(next);
  }
  if (edits_body) {
    if (m.content.empty() && m.embeds_json == "[]" && m.components_json == "[]" && m.attachments.empty()) {
      for (const auto id : written) (void)ctx_.files->remove(channel_id, id);
      return empty_message();
    }
    if (req->content) {
      std::optional<model::snowflake> replied;
      if (m.type == model::message_type::reply && (*found)->referenced &&
          std::find(m.mention_users.begin(), m.mention_users.end(), (*found)->referenced->author_id) != m.mention_users.end())
        replied = (*found)->referenced->author_id;  // the reply keeps pinging whom it pinged
      apply_mentions(m, *where, req->mentions.value_or(model::allowed_mentions{}), replied);
    }
    m.edited_ms = now;
  }
  m.has = model::message_has_bits(m);
  auto removed = ctx_.store.update_message(m);
  if (!removed) {
    for (const auto id : written) (void)ctx_.files->remove(channel_id, id);
    if (removed.error() == store::store_errc::not_found) return unknown_message();
    return internal_error(removed.error(), "update_message");
  }
  if (ctx_.files)
    for (const auto& a : *removed)
      if (auto r = ctx_.files->remove(channel_id, a.id); !r) spdlog::warn("removing attachment {}: {}", a.id, r.error().message());
  auto updated = ctx_.store.message(channel_id, message_id, caller.id);
  if (!updated) return internal_error(updated.error(), "message");
  if (!*updated) return unknown_message();  // deleted meanwhile
  publish_message_update(ctx_, view_, *where, **updated);
  return content_gate(ctx_, view_, caller).render(**updated, where->is_private());
}

model::api_result<void> messages::remove(const actor& who, model::snowflake channel_id, model::snowflake message_id) {
  auto where = load_message_channel(ctx_, channel_id, who.user.id);
  if (!where) return where.error();
  auto found = ctx_.store.message(channel_id, message_id, who.user.id);
  if (!found) return internal_error(found.error(), "message");
  if (!*found) return unknown_message();
  const auto& m = (*found)->message;
  if (!deletable(m.type)) return system_message();
  const bool moderator = !where->is_private() && where->has(perm::manage_messages);
  if (m.author_id != who.user.id && !moderator) return missing_permissions();
  auto deleted = ctx_.store.delete_message(channel_id, message_id);
  if (!deleted) {
    if (deleted.error() == store::store_errc::not_found) return unknown_message();
    return internal_error(deleted.error(), "delete_message");
  }
  publish_message_delete(ctx_, *where, message_id);
  if (ctx_.files)
    for (const auto& a : deleted->message.attachments)
      if (auto r = ctx_.files->remove(channel_id, a.id); !r) spdlog::warn("removing attachment {}: {}", a.id, r.error().message());
  return {};
}

model::api_result<void> messages::bulk_delete(const actor& who, model::snowflake channel_id, const json::value& body) {
  auto where = load_message_channel(ctx_, channel_id, who.user.id);
  if (!where) return where.error();
  if (where->is_private()) return code_error(403, 50003, "Cannot execute action on a DM channel");
  if (!where->has(perm::manage_messages)) return missing_permissions();
  const json::value* list = body.is_object() ? body.get_object().if_contains("messages") : nullptr;
  if (!list || !list->is_array()) {
    auto e = api_error::invalid_form_body();
    e.field("messages", "BASE_TYPE_REQUIRED", "This field is required");
    return e;
  }
  const auto& a = list->get_array();
  if (a.size() < 2 || a.size() > 100)
    return code_error(400, 50016, "You must provide between 2 and 100 messages to delete");
  std::vector<model::snowflake> ids;
  ids.reserve(a.size());
  auto errors = api_error::invalid_form_body();
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto id = model::snowflake_from_json(a[i]);
    if (!id) errors.field("messages." + std::to_string(i), "NUMBER_TYPE_COERCE", "Value is not snowflake.");
    else ids.push_back(*id);
  }
  if (errors.has_field_errors()) return errors;
  const auto oldest_allowed = ctx_.time.now_ms() - options_.bulk_delete_max_age_ms;
  std::vector<model::snowflake> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  const bool duplicated = std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
  const bool too_old = static_cast<std::int64_t>(model::snowflake_time_ms(sorted.front())) < oldest_allowed;
  if (duplicated || too_old) return code_error(400, 50034, "A message provided was too old to bulk delete");
  auto deleted = ctx_.store.delete_messages(channel_id, ids);
  if (!deleted) return internal_error(deleted.error(), "delete_messages");
  if (deleted->empty()) return {};
  std::vector<model::snowflake> gone;
  gone.reserve(deleted->size());
  for (const auto& d : *deleted) gone.push_back(d.message.id);
  publish_message_delete_bulk(ctx_, *where, gone);
  if (ctx_.files)
    for (const auto& d : *deleted)
      for (const auto& att : d.message.attachments)
        if (auto r = ctx_.files->remove(channel_id, att.id); !r) spdlog::warn("removing attachment {}: {}", att.id, r.error().message());
  return {};
}

} // namespace parley::service
