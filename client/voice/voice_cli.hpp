// The voice command line shared by `parley-voice` and the terminal client's `parley voice`
// (issue 7 item 4; voice.md): play a WAV file into a voice channel, or record one, with the SDK's
// voice client. One implementation, two front ends; the output lines are part of the interface
// (tests/integration/test_sdk_voice.py and the compat suite read them):
//   "JOINED", "SPEAKING user=U ssrc=S flags=F" per op 5 seen, then "PLAYED frames=N ms=T resumes=R"
//   (T: from the first frame to the last silence frame) or
//   "RECORDED samples=N users=U user_ids=A,B resumes=R" (R: voice WebSocket drops survived by Resume).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace parley::client::voice {

struct voice_cli_options {
  std::string command;  // "play" or "record"
  // The server's base URL (http://host:port, https://…) or a gateway URL (ws://…, wss://…).
  std::string url;
  std::string token;  // the gateway token (no "Bot " prefix)
  std::uint64_t guild = 0;
  std::uint64_t channel = 0;
  std::string file;    // play: the WAV to send (16-bit PCM, 48 kHz, mono or stereo); record: where to write
  double seconds = 10; // record: how long
  bool deaf = false;
  bool mute = false;
  bool insecure = false;  // no TLS certificate verification
  std::string ca_file;    // a PEM CA bundle for TLS
  std::string mode;       // "aes" or "xchacha": offer only this encryption mode; empty: both
};

// Parses `play|record [options] FILE` (the words after the program or subcommand name). --url and
// --token may be missing (a front end can fill them in); anything else wrong gives nullopt.
std::optional<voice_cli_options> parse_voice_cli(std::span<const std::string> args);

// Prints the usage to stderr with `program` ("parley-voice", "parley voice") and answers 2.
int voice_cli_usage(const char* program);

// Joins, plays or records, leaves; answers the process exit code (0 ok, 1 failure with a "FAIL: …"
// line on stderr, 2 when url or token is still empty). Blocks until done or SIGINT/SIGTERM.
int run_voice_cli(const voice_cli_options& options);

} // namespace parley::client::voice
