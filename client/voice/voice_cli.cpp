// The voice command line shared by parley-voice and `parley voice`: see voice_cli.hpp.
#include "client/voice/voice_cli.hpp"

#include "client/runtime/client.hpp"
#include "client/runtime/events.hpp"
#include "client/voice/opus_codec.hpp"
#include "client/voice/voice_connection.hpp"
#include "client/voice/voice_error.hpp"
#include "client/voice/wav.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace parley::client::voice {
namespace {

namespace pc = parley::client;
namespace pcv = parley::client::voice;
namespace asio = boost::asio;

bool parse_id(const std::string& text, std::uint64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && out != 0;
}

// http(s)://host:port[/…] → ws(s)://host:port/gateway; a ws(s) URL is used as it is.
std::string gateway_url_from(const std::string& url) {
  for (auto [from, to] : {std::pair{"http://", "ws://"}, std::pair{"https://", "wss://"}}) {
    if (url.rfind(from, 0) == 0) {
      std::string rest = url.substr(std::string_view(from).size());
      rest = rest.substr(0, rest.find('/'));
      return std::string(to) + rest + "/gateway";
    }
  }
  return url;
}

bool read_wav(const std::string& path, std::vector<std::int16_t>& stereo) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "FAIL: cannot open %s\n", path.c_str());
    return false;
  }
  pcv::wav_reader reader;
  std::vector<std::int16_t> samples;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    auto fed = reader.feed(std::span(reinterpret_cast<const std::uint8_t*>(buffer.data()), n));
    if (!fed) {
      std::fprintf(stderr, "FAIL: %s: %s\n", path.c_str(), fed.error().message().c_str());
      return false;
    }
    reader.take_samples(samples);
  }
  if (auto done = reader.finish(); !done) {
    std::fprintf(stderr, "FAIL: %s: %s\n", path.c_str(), done.error().message().c_str());
    return false;
  }
  const auto format = *reader.format();
  if (format.sample_rate != pcv::sample_rate) {
    std::fprintf(stderr, "FAIL: %s: %u Hz; voice needs 48000 Hz\n", path.c_str(), format.sample_rate);
    return false;
  }
  const std::size_t frames = samples.size() / format.channels;
  stereo.resize(frames * 2);
  for (std::size_t i = 0; i < frames; ++i) {
    stereo[2 * i] = samples[i * format.channels];
    stereo[2 * i + 1] = samples[i * format.channels + (format.channels > 1 ? 1 : 0)];
  }
  return true;
}

bool write_wav(const std::string& path, const std::vector<std::int16_t>& stereo) {
  std::ofstream out(path, std::ios::binary);
  const auto bytes = static_cast<std::uint32_t>(stereo.size() * 2);
  const auto header = pcv::wav_header({2, pcv::sample_rate}, bytes);
  out.write(reinterpret_cast<const char*>(header.data()), header.size());
  std::vector<char> data(bytes);
  for (std::size_t i = 0; i < stereo.size(); ++i) {
    const auto v = static_cast<std::uint16_t>(stereo[i]);
    data[2 * i] = static_cast<char>(v & 0xFF);
    data[2 * i + 1] = static_cast<char>(v >> 8);
  }
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  return static_cast<bool>(out);
}

} // namespace

int voice_cli_usage(const char* program) {
  std::fprintf(stderr,
               "usage: %s play|record --url URL --token TOKEN --guild ID --channel ID\n"
               "       [--seconds N] [--deaf] [--mute] [--ca FILE] [--insecure] [--mode aes|xchacha] FILE.wav\n",
               program);
  return 2;
}

std::optional<voice_cli_options> parse_voice_cli(std::span<const std::string> args) {
  if (args.empty() || (args[0] != "play" && args[0] != "record")) return std::nullopt;
  voice_cli_options o;
  o.command = args[0];
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::string { return i + 1 < args.size() ? args[++i] : std::string(); };
    if (arg == "--url") o.url = value();
    else if (arg == "--token") o.token = value();
    else if (arg == "--guild") { if (!parse_id(value(), o.guild)) return std::nullopt; }
    else if (arg == "--channel") { if (!parse_id(value(), o.channel)) return std::nullopt; }
    else if (arg == "--seconds") o.seconds = std::atof(value().c_str());
    else if (arg == "--ca") o.ca_file = value();
    else if (arg == "--mode") o.mode = value();
    else if (arg == "--deaf") o.deaf = true;
    else if (arg == "--mute") o.mute = true;
    else if (arg == "--insecure") o.insecure = true;
    else if (!arg.empty() && arg[0] != '-' && o.file.empty()) o.file = arg;
    else return std::nullopt;
  }
  if (o.guild == 0 || o.channel == 0 || o.file.empty()) return std::nullopt;
  if (!o.mode.empty() && o.mode != "aes" && o.mode != "xchacha") return std::nullopt;
  return o;
}

int run_voice_cli(const voice_cli_options& o) {
  if (o.url.empty() || o.token.empty()) return 2;
  std::vector<std::int16_t> pcm;
  if (o.command == "play" && !read_wav(o.file, pcm)) return 1;

  asio::io_context io;
  pc::client_options options;
  options.gateway_url = gateway_url_from(o.url);
  options.token = o.token;
  options.intents = 1 | (1 << 7); // GUILDS, GUILD_VOICE_STATES
  options.tls.ca_file = o.ca_file;
  options.tls.verify_peer = !o.insecure;
  pc::client bot(io.get_executor(), options);

  pcv::voice_options voice_options;
  voice_options.self_deaf = o.deaf;
  voice_options.self_mute = o.mute;
  if (o.mode == "aes") voice_options.modes = {pcv::encryption_mode::aead_aes256_gcm_rtpsize};
  if (o.mode == "xchacha") voice_options.modes = {pcv::encryption_mode::aead_xchacha20_poly1305_rtpsize};
  auto voice = pcv::voice_connection::create(bot, voice_options);

  int status = 0;
  std::vector<std::int16_t> recorded;
  std::set<std::uint64_t> speakers;
  asio::steady_timer record_timer(bot.get_executor());
  asio::signal_set signals(io, SIGINT, SIGTERM);
  bool stopping = false;

  auto finish = [&](int code) {
    if (stopping) return;
    stopping = true;
    status = code;
    record_timer.cancel();
    signals.cancel();
    voice->leave([&] {
      if (o.command == "record" && status == 0) {
        if (!write_wav(o.file, recorded)) {
          std::fprintf(stderr, "FAIL: cannot write %s\n", o.file.c_str());
          status = 1;
        } else {
          std::string ids;
          for (auto id : speakers) ids += (ids.empty() ? "" : ",") + std::to_string(id);
          std::printf("RECORDED samples=%zu users=%zu user_ids=%s resumes=%llu\n", recorded.size() / 2,
                      speakers.size(), ids.c_str(), static_cast<unsigned long long>(voice->counters().resumes));
        }
      }
      std::fflush(stdout);
      bot.stop();
    });
  };

  voice->on_audio([&](const pcv::user_audio& a) {
    speakers.insert(a.user_id);
    recorded.insert(recorded.end(), a.pcm.begin(), a.pcm.end());
  });
  voice->on_speaking([&](const pcv::user_speaking& s) {
    std::printf("SPEAKING user=%llu ssrc=%u flags=%u\n", static_cast<unsigned long long>(s.user_id), s.ssrc, s.flags);
    std::fflush(stdout);
  });
  voice->on_disconnected([&](const pcv::voice_disconnected& d) {
    if (stopping) return;
    std::fprintf(stderr, "FAIL: voice disconnected: %s (close %u)\n", d.error.message().c_str(), d.close_code);
    finish(1);
  });
  bool joining = false;
  bot.on<pc::ready>([&](const pc::ready&) {
    if (joining) return;
    joining = true;
    voice->join(o.guild, o.channel, [&](parley::error_code ec) {
      if (ec) {
        std::fprintf(stderr, "FAIL: join: %s\n", ec.message().c_str());
        return finish(1);
      }
      std::printf("JOINED\n");
      std::fflush(stdout);
      if (o.command == "play") {
        const std::size_t frames = (pcm.size() + pcv::frame_values - 1) / pcv::frame_values;
        const auto started = std::chrono::steady_clock::now();
        voice->send_audio_raw(std::move(pcm));
        voice->when_played([&, frames, started] {
          const auto ms =
              std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
          std::printf("PLAYED frames=%zu ms=%lld resumes=%llu\n", frames, static_cast<long long>(ms.count()),
                      static_cast<unsigned long long>(voice->counters().resumes));
          finish(0);
        });
      } else {
        record_timer.expires_after(std::chrono::milliseconds(static_cast<std::int64_t>(o.seconds * 1000)));
        record_timer.async_wait([&](const parley::error_code& waited) {
          if (!waited) finish(0);
        });
      }
    });
  });
  bot.on<pc::disconnected>([&](const pc::disconnected& d) {
    if (!d.will_reconnect && !stopping) {
      std::fprintf(stderr, "FAIL: gateway closed %u %s\n", d.code, d.reason.c_str());
      stopping = true;
      status = 1;
      bot.stop();
    }
  });
  signals.async_wait([&](const parley::error_code& ec, int) {
    if (!ec) asio::post(bot.get_executor(), [&] { finish(0); });
  });
  bot.start();
  io.run();
  return status;
}


} // namespace parley::client::voice
