// Runs every protocol transcript in proto/gateway/transcripts/ against the connection core with
// fake time (gateway.md §2-§4, §10). Transcript syntax, one step per line:
//
//   # text                      comment (blank lines are ignored too)
//   config key=value ...        before connect: heartbeat_interval=<ms>, max_pending=<n>
//   connect <request target>    parse the upgrade query (connect_params), build the connection and
//                               start it (Hello); if the query is refused, the connection closes
//                               with that code instead
//   > <payload>                 the client sends one payload (bytes as written)
//   >* <n> <payload>            the client sends it n times; every reply must be an ACK and no
//                               event may appear (used to approach the rate limit)
//   >size <n>                   the client sends a heartbeat padded to exactly n bytes
//   < <json>                    the next payload the server sends must equal this JSON value
//   ! <event> [key=value ...]   the next event handed to the server, with field checks
//   server <call> [arg]         accept_identify | accept_resume | invalid_session true|false |
//                               reconnect | request_heartbeat | close <code>
//   @ +<n>ms | @ +<n>s          advance the fake clock and fire on_deadline(now)
//   deadline +<n>ms             next_deadline() must be now + n (or "deadline none")
//   close <code>                the connection must have decided to close with <code>
//
// Steps are strict: before each > @ server step, and at the end, every payload the server sent
// and every event must have been matched by < and ! lines, and a decided close by a close line.
#include "proto/gateway/connect_params.hpp"
#include "proto/gateway/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace parley::proto::gateway {
namespace {

using fields = std::map<std::string, std::string>;

std::string shard_text(const std::optional<shard_info>& s) {
  return s ? std::to_string(s->id) + "/" + std::to_string(s->count) : "none";
}

std::string status_text(status s) {
  switch (s) {
    case status::online: return "online";
    case status::idle: return "idle";
    case status::dnd: return "dnd";
    case status::invisible: return "invisible";
    case status::offline: return "offline";
  }
  return "?";
}

void describe_presence(const presence& p, fields& f) {
  f["status"] = status_text(p.status);
  f["since"] = p.since ? std::to_string(*p.since) : "null";
  f["afk"] = p.afk ? "true" : "false";
  f["activities"] = std::to_string(p.activities.size());
  if (!p.activities.empty()) f["activity0"] = p.activities[0].name;
}

std::string opt_id(const std::optional<std::uint64_t>& id) { return id ? std::to_string(*id) : "null"; }

// The event's name and its fields as text, for `!` lines.
std::pair<std::string, fields> describe(const connection_event& e) {
  fields f;
  if (auto* i = std::get_if<identify_requested>(&e)) {
    const auto& id = i->identify;
    f["token"] = id.token;
    f["intents"] = std::to_string(id.intents);
    f["shard"] = shard_text(id.shard);
    f["large_threshold"] = std::to_string(id.large_threshold);
    f["compress"] = id.compress ? "true" : "false";
    f["os"] = id.properties.os;
    f["browser"] = id.properties.browser;
    f["device"] = id.properties.device;
    if (id.presence) {
      describe_presence(*id.presence, f);
    } else {
      f["status"] = "none";
    }
    return {"identify_requested", f};
  }
  if (auto* r = std::get_if<resume_requested>(&e)) {
    f["token"] = r->resume.token;
    f["session_id"] = r->resume.session_id;
    f["seq"] = std::to_string(r->resume.seq);
    return {"resume_requested", f};
  }
  if (auto* p = std::get_if<presence_update_requested>(&e)) {
    describe_presence(p->presence, f);
    return {"presence_update", f};
  }
  if (auto* v = std::get_if<voice_state_update_requested>(&e)) {
    f["guild_id"] = std::to_string(v->request.guild_id);
    f["channel_id"] = opt_id(v->request.channel_id);
    f["self_mute"] = v->request.self_mute ? "true" : "false";
    f["self_deaf"] = v->request.self_deaf ? "true" : "false";
    return {"voice_state_update", f};
  }
  const auto& m = std::get<guild_members_requested>(e).request;
  f["guild_id"] = std::to_string(m.guild_id);
  f["query"] = m.query ? *m.query : "none";
  f["limit"] = std::to_string(m.limit);
  std::string ids = "none";
  if (m.user_ids) {
    ids.clear();
    for (auto id : *m.user_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  }
  f["user_ids"] = ids;
  f["presences"] = m.presences ? "true" : "false";
  f["nonce"] = m.nonce ? *m.nonce : "none";
  return {"request_guild_members", f};
}

std::chrono::milliseconds parse_offset(std::string text) {
  if (!text.empty() && text[0] == '+') text.erase(0, 1);
  if (text.size() > 2 && text.substr(text.size() - 2) == "ms") return std::chrono::milliseconds(std::stoll(text));
  if (!text.empty() && text.back() == 's') return std::chrono::seconds(std::stoll(text));
  throw std::runtime_error("bad time offset: " + text);
}

class runner {
 public:
  explicit runner(std::string name) : name_(std::move(name)) {}

  void step(const std::string& line, int number) {
    line_ = number;
    std::istringstream in(line);
    std::string verb;
    in >> verb;
    std::string rest = line.size() > verb.size() ? line.substr(verb.size() + 1) : std::string{};
    if (verb == "config") return configure(in);
    if (verb == "connect") return connect(rest);
    ASSERT_TRUE(conn_) << where() << "connect first";
    if (verb == ">") {
      expect_drained();
      conn_->receive(rest, now_);
      collect();
    } else if (verb == ">*") {
      expect_drained();
      int count = 0;
      in >> count;
      std::string payload = rest.substr(rest.find(' ') + 1);
      for (int i = 0; i < count; ++i) {
        conn_->receive(payload, now_);
        for (auto& out : conn_->take_output()) {
          EXPECT_EQ(boost::json::parse(out).at("op"), 11) << where() << "repeated send got " << out;
        }
        EXPECT_FALSE(conn_->next_event()) << where();
        EXPECT_FALSE(conn_->pending_close()) << where() << "closed at repetition " << i + 1;
      }
    } else if (verb == ">size") {
      expect_drained();
      std::size_t size = std::stoul(rest);
      std::string head = R"({"op":1,"d":null,"pad":")";
      ASSERT_GT(size, head.size() + 2) << where();
      conn_->receive(head + std::string(size - head.size() - 2, 'x') + "\"}", now_);
      collect();
    } else if (verb == "<") {
      ASSERT_FALSE(output_.empty()) << where() << "server sent nothing, expected " << rest;
      boost::system::error_code ec;
      auto expected = boost::json::parse(rest, ec);
      ASSERT_FALSE(ec) << where() << "bad JSON in transcript";
      EXPECT_EQ(boost::json::parse(output_.front()), expected) << where() << "server sent " << output_.front();
      output_.pop_front();
    } else if (verb == "!") {
      ASSERT_FALSE(events_.empty()) << where() << "no event, expected " << rest;
      auto [name, actual] = describe(events_.front());
      events_.pop_front();
      std::string expected_name;
      in >> expected_name;
      EXPECT_EQ(name, expected_name) << where();
      std::string kv;
      while (in >> kv) {
        auto eq = kv.find('=');
        ASSERT_NE(eq, std::string::npos) << where() << kv;
        std::string key = kv.substr(0, eq);
        ASSERT_TRUE(actual.count(key)) << where() << "no field " << key;
        EXPECT_EQ(actual[key], kv.substr(eq + 1)) << where() << "field " << key;
      }
    } else if (verb == "server") {
      expect_drained();
      server_call(in);
      collect();
    } else if (verb == "@") {
      expect_drained();
      std::string offset;
      in >> offset;
      now_ += parse_offset(offset);
      conn_->on_deadline(now_);
      collect();
    } else if (verb == "deadline") {
      auto deadline = conn_->next_deadline();
      if (rest == "none") {
        EXPECT_FALSE(deadline) << where();
      } else {
        ASSERT_TRUE(deadline) << where();
        EXPECT_EQ(*deadline, now_ + parse_offset(rest)) << where();
      }
    } else if (verb == "close") {
      ASSERT_TRUE(conn_->pending_close()) << where() << "connection is still open";
      EXPECT_EQ(static_cast<int>(*conn_->pending_close()), std::stoi(rest)) << where();
      close_checked_ = true;
    } else {
      FAIL() << where() << "unknown step " << verb;
    }
  }

  void finish() {
    line_ = 0;
    expect_drained();
  }

 private:
  std::string where() const { return name_ + ":" + std::to_string(line_) + ": "; }

  void configure(std::istringstream& in) {
    std::string kv;
    while (in >> kv) {
      auto eq = kv.find('=');
      std::string key = kv.substr(0, eq);
      std::string value = eq == std::string::npos ? "" : kv.substr(eq + 1);
      if (key == "heartbeat_interval") {
        config_.heartbeat_interval = std::chrono::milliseconds(std::stoll(value));
      } else if (key == "max_pending") {
        config_.max_pending_requests = std::stoul(value);
      } else {
        FAIL() << where() << "unknown config " << key;
      }
    }
  }

  void connect(const std::string& target) {
    auto params = parse_connect_params(target);
    if (params) {
      config_.encoding = params->encoding;
      config_.api_version = params->version;
    }
    conn_.emplace(config_);
    if (params) {
      conn_->start(now_);
    } else {
      conn_->close(static_cast<close_code>(params.error().value()));
    }
    collect();
  }

  void server_call(std::istringstream& in) {
    std::string call;
    std::string arg;
    in >> call >> arg;
    if (call == "accept_identify") {
      conn_->accept_identify();
    } else if (call == "accept_resume") {
      conn_->accept_resume();
    } else if (call == "invalid_session") {
      conn_->invalid_session(arg == "true");
    } else if (call == "reconnect") {
      conn_->reconnect(now_);
    } else if (call == "request_heartbeat") {
      conn_->request_heartbeat();
    } else if (call == "close") {
      conn_->close(static_cast<close_code>(std::stoi(arg)));
    } else {
      FAIL() << where() << "unknown server call " << call;
    }
  }

  void collect() {
    for (auto& out : conn_->take_output()) output_.push_back(std::move(out));
    while (auto e = conn_->next_event()) events_.push_back(std::move(*e));
  }

  void expect_drained() {
    if (!conn_) return;
    collect();
    for (const auto& out : output_) ADD_FAILURE() << where() << "unexpected server payload " << out;
    for (const auto& e : events_) ADD_FAILURE() << where() << "unexpected event " << describe(e).first;
    if (conn_->pending_close() && !close_checked_) {
      ADD_FAILURE() << where() << "unexpected close " << static_cast<int>(*conn_->pending_close());
      close_checked_ = true;
    }
    output_.clear();
    events_.clear();
  }

  std::string name_;
  int line_ = 0;
  connection_config config_;
  std::optional<connection> conn_;
  time_point now_ = time_point{} + std::chrono::hours(1000);
  std::deque<std::string> output_;
  std::deque<connection_event> events_;
  bool close_checked_ = false;
};

std::vector<std::filesystem::path> transcript_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(PARLEY_GATEWAY_TRANSCRIPTS)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(transcripts, there_are_at_least_ten) { EXPECT_GE(transcript_files().size(), 10u); }

class transcript : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(transcript, runs) {
  const auto& path = GetParam();
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  runner r(path.filename().string());
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    r.step(line.substr(first), number);
    if (HasFatalFailure()) return;
  }
  r.finish();
}

INSTANTIATE_TEST_SUITE_P(gateway, transcript, ::testing::ValuesIn(transcript_files()),
                         [](const ::testing::TestParamInfo<std::filesystem::path>& param_info) {
                           std::string name = param_info.param.stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

} // namespace
} // namespace parley::proto::gateway
