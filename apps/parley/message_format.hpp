// Text output of the terminal client (issue 6 item 4): one readable line per message, guild or
// channel, built from Discord's JSON objects (rest.md message, guild and channel objects). Every
// string that came from the server goes through terminal_safe first: another user's message must
// not be able to send escape sequences to our terminal.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace parley::apps {

// Replaces C0 and C1 control characters (ESC, BEL, CSI, ...) and DEL with U+FFFD; keeps '\n' when
// keep_newlines, else turns it into a space. Bytes that are not valid UTF-8 become U+FFFD too.
std::string terminal_safe(std::string_view text, bool keep_newlines = false);

// A user object's global_name, else its username, else its id.
std::string display_name(const boost::json::object& user);

// "2026-11-21T09:05:33.123000+00:00" -> "2026-11-21 09:05" (or "09:05" when short); the text
// unchanged (made safe) when it does not look like an ISO 8601 timestamp.
std::string format_timestamp(std::string_view iso8601, bool short_form = false);

// "[2026-11-21 09:05] alice: hello (edited) [file: a.png]"; continuation lines of a multi-line
// message are indented by four spaces.
std::string format_message_line(const boost::json::object& message);

// The message body as shown in the chat pane: content, then attachments, "(edited)" suffix.
std::string message_body(const boost::json::object& message);

// "<id>\t<name>"
std::string format_guild_line(const boost::json::object& guild);
// "<id>\t#general", "<id>\t[voice] Lounge", "<id>\t[category] Text", "<id>\t@alice" (DM).
std::string format_channel_line(const boost::json::object& channel);
// "#general", "@alice", "[voice] Lounge": a channel's label without its id.
std::string channel_label(const boost::json::object& channel);

} // namespace parley::apps
