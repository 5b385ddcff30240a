// What a gateway connection hands to the server: the validated client requests the core cannot
// answer itself (gateway.md §2, §3.3, §3.6, §7, §8, §9).
#pragma once

#include "proto/gateway/identify.hpp"
#include "proto/gateway/presence.hpp"
#include "proto/gateway/request_guild_members.hpp"
#include "proto/gateway/resume.hpp"
#include "proto/gateway/voice_state_request.hpp"

#include <variant>

namespace parley::proto::gateway {

// op 2: check the token (4004), privileged intents (4014), guild count (4011) and the identify
// limits, then call accept_identify() or invalid_session()/close().
struct identify_requested {
  gateway::identify identify;
};

// op 6: check token and session, decide the replay (session::resume), then accept_resume() or
// invalid_session(false).
struct resume_requested {
  gateway::resume resume;
};

// op 3, already rate limited (5 per 20 s, excess dropped).
struct presence_update_requested {
  gateway::presence presence;
};

// op 4.
struct voice_state_update_requested {
  voice_state_request request;
};

// op 8.
struct guild_members_requested {
  request_guild_members request;
};

using connection_event = std::variant<identify_requested, resume_requested, presence_update_requested,
                                      voice_state_update_requested, guild_members_requested>;

} // namespace parley::proto::gateway
