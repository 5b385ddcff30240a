// parley-voice: plays a WAV file into a voice channel, or records one, with the SDK's voice client
// (issue 7 item 4; voice.md). The logic is voice_cli.hpp, shared with the terminal client's
// `parley voice play|record`; the options and output lines are described there.
//
//   parley-voice play   --url URL --token TOKEN --guild G --channel C [options] FILE.wav
//   parley-voice record --url URL --token TOKEN --guild G --channel C [options] OUT.wav
#include "client/voice/voice_cli.hpp"

#include <string>
#include <vector>

int main(int argc, char** argv) {
  namespace pcv = parley::client::voice;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const auto options = pcv::parse_voice_cli(args);
  if (!options || options->url.empty() || options->token.empty()) return pcv::voice_cli_usage("parley-voice");
  return pcv::run_voice_cli(*options);
}
