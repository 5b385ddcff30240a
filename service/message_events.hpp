// The shapes and publication of the message dispatches (gateway.md §11, rest.md §6.6): one place
// that turns a stored message into its JSON object and sends MESSAGE_CREATE / UPDATE / DELETE /
// DELETE_BULK to exactly the sessions that may see the channel (bus/bus.hpp audiences), with the
// MESSAGE_CONTENT-redacted variant for guild messages. Called after the store committed.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "model/snowflake.hpp"
#include "service/context.hpp"
#include "service/message_access.hpp"
#include "store/message_store.hpp"

namespace parley::service {

// How stored messages are shown: attachment URLs are <attachment_base_url>/attachments/
// {channel_id}/{attachment_id}/{filename} (e.g. "http://127.0.0.1:8080").
struct message_view {
  std::string attachment_base_url;
};

// The REST message object (rest.md §6.6): every field discord.py and discord.js read.
boost::json::object message_object(const message_view& view, const store::message_record& r);
// The same object without what MESSAGE_CONTENT guards (gateway.md §5.2).
boost::json::object redacted_message_object(const message_view& view, const store::message_record& r);

// MESSAGE_CREATE / MESSAGE_UPDATE: the message object + guild_id, member (guild channels) and
// channel_type.
void publish_message_create(context& ctx, const message_view& view, const message_channel& where,
                            const store::message_record& r);
void publish_message_update(context& ctx, const message_view& view, const message_channel& where,
                            const store::message_record& r);
void publish_message_delete(context& ctx, const message_channel& where, model::snowflake message_id);
void publish_message_delete_bulk(context& ctx, const message_channel& where, const std::vector<model::snowflake>& ids);

} // namespace parley::service
