// parley-sdk-decode-gen: records the bytes a gateway server sends after the 101 (gateway.md §1.4,
// §3.1-§3.4): HELLO, READY, then N MESSAGE_CREATE dispatches of a realistic guild message, as
// WebSocket frames in three connection modes (encoding=json text frames, encoding=etf binary
// frames, json + compress=zlib-stream with one deflate stream and a sync flush per message).
// The files are what parley-sdk-decode-bench and discordjs_decode.mjs both decode (issue 6).
#include "client/core/test_server.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

namespace {

using parley::client::testing::test_server;
using parley::proto::gateway::connect_params;
using parley::proto::gateway::encoding;
using parley::proto::gateway::transport_compression;

constexpr std::uint64_t guild_id = 1100000000000000001ull;
constexpr std::uint64_t channel_id = 1100000000000000002ull;

// Deterministic, so every run records the same bytes.
std::uint64_t next_random(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

constexpr const char* words[] = {"hello", "the", "build", "is", "green", "again", "can", "someone", "review",
                                 "my", "pull", "request", "thanks", "deploy", "tonight", "lunch", "voice",
                                 "channel", "anyone", "up", "for", "a", "game", "later", "nice", "work"};

std::string sentence(std::uint64_t& s, std::size_t min_len) {
  std::string out;
  while (out.size() < min_len) {
    if (!out.empty()) out += ' ';
    out += words[next_random(s) % std::size(words)];
  }
  return out;
}

boost::json::object user(std::uint64_t id, std::uint64_t& s) {
  const std::string name = "user" + std::to_string(id % 100000);
  char avatar[33];
  std::snprintf(avatar, sizeof avatar, "%016llx%016llx", static_cast<unsigned long long>(next_random(s)),
                static_cast<unsigned long long>(next_random(s)));
  return {{"username", name},
          {"public_flags", 0},
          {"id", std::to_string(id)},
          {"global_name", "User " + std::to_string(id % 1000)},
          {"discriminator", "0"},
          {"avatar_decoration_data", nullptr},
          {"avatar", avatar}};
}

boost::json::object member(std::uint64_t& s) {
  return {{"roles", boost::json::array{std::to_string(guild_id + 10 + next_random(s) % 5)}},
          {"premium_since", nullptr},
          {"pending", false},
          {"nick", nullptr},
          {"mute", false},
          {"joined_at", "2025-03-14T09:26:53.589000+00:00"},
          {"flags", 0},
          {"deaf", false},
          {"communication_disabled_until", nullptr},
          {"avatar", nullptr}};
}

// One MESSAGE_CREATE `d` the shape Discord sends for a guild text message (600-800 bytes of JSON;
// every 16th one mentions another user, which adds a user + member object).
boost::json::object message(std::uint64_t i, std::uint64_t& s) {
  const std::uint64_t id = 1300000000000000000ull + i * 4194304ull + next_random(s) % 4194304ull;
  const std::uint64_t author = 1200000000000000000ull + next_random(s) % 5000;
  boost::json::array mentions;
  std::string content = sentence(s, 10 + next_random(s) % 60);
  if (i % 16 == 0) {
    const std::uint64_t other = 1200000000000000000ull + next_random(s) % 5000;
    boost::json::object m = user(other, s);
    m["member"] = member(s);
    mentions.push_back(std::move(m));
    content = "<@" + std::to_string(other) + "> " + content;
  }
  char timestamp[64];
  std::snprintf(timestamp, sizeof timestamp, "2026-11-21T%02llu:%02llu:%02llu.%06llu+00:00",
                static_cast<unsigned long long>((i / 3600) % 24), static_cast<unsigned long long>((i / 60) % 60),
                static_cast<unsigned long long>(i % 60), static_cast<unsigned long long>(next_random(s) % 1000000));
  return {{"type", 0},
          {"tts", false},
          {"timestamp", timestamp},
          {"pinned", false},
          {"nonce", std::to_string(id - 17)},
          {"mentions", std::move(mentions)},
          {"mention_roles", boost::json::array{}},
          {"mention_everyone", false},
          {"member", member(s)},
          {"id", std::to_string(id)},
          {"flags", 0},
          {"embeds", boost::json::array{}},
          {"edited_timestamp", nullptr},
          {"content", content},
          {"components", boost::json::array{}},
          {"channel_id", std::to_string(channel_id)},
          {"author", user(author, s)},
          {"attachments", boost::json::array{}},
          {"guild_id", std::to_string(guild_id)}};
}

bool record(const std::string& path, connect_params params, std::uint64_t n, std::size_t& json_bytes) {
  test_server server(params);
  std::string out;
  out += server.frame_json(R"({"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null})");
  out += server.frame_json(
      R"({"op":0,"s":1,"t":"READY","d":{"v":10,"session_id":"bench","resume_gateway_url":"wss://r.test","user":{"id":"1200000000000009999","username":"bench","discriminator":"0","bot":true},"guilds":[{"id":"1100000000000000001","unavailable":true}],"application":{"id":"1200000000000009999","flags":0}}})");
  std::uint64_t s = 6;
  json_bytes = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    boost::json::object payload{{"op", 0}, {"s", i + 2}, {"t", "MESSAGE_CREATE"}, {"d", message(i, s)}};
    boost::json::value v(std::move(payload));
    const std::string encoded = server.encode(v);
    if (params.encoding == encoding::json) json_bytes += encoded.size();
    out += server.frame(encoded);
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  if (!file) return false;
  std::cout << path << ": " << out.size() << " bytes\n";
  return true;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: parley-sdk-decode-gen <out-dir> [count=100000]\n"
                 "writes json.ws, etf.ws, zlib.ws: the server's WebSocket bytes after the 101\n";
    return 2;
  }
  const std::string dir = argv[1];
  const std::uint64_t n = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100000;
  std::size_t json_bytes = 0, ignored = 0;
  if (!record(dir + "/json.ws", {10, encoding::json, transport_compression::none}, n, json_bytes)) return 1;
  if (!record(dir + "/etf.ws", {10, encoding::etf, transport_compression::none}, n, ignored)) return 1;
  if (!record(dir + "/zlib.ws", {10, encoding::json, transport_compression::zlib_stream}, n, ignored)) return 1;
  std::cout << n << " MESSAGE_CREATE payloads, mean JSON payload " << (n ? json_bytes / n : 0) << " bytes\n";
  return 0;
}
