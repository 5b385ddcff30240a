// Voice gateway upgrade routing (voice.md §2, §3.1); see voice_url.hpp.
#include "server/voice/voice_url.hpp"

namespace parley::server::voice {

namespace {

// A small decimal (1-99), or 0.
int small_number(std::string_view s) noexcept {
  if (s.empty() || s.size() > 2) return 0;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

} // namespace

std::optional<int> voice_upgrade_version(std::string_view target) noexcept {
  const auto q = target.find('?');
  const auto path = target.substr(0, q);
  if (path == "/gateway" || path == "/gateway/") return std::nullopt;
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  if (const auto hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
  std::optional<std::string_view> v;
  bool encoding = false;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const auto eq = pair.find('=');
    const auto key = pair.substr(0, eq);
    const auto value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (key == "v") v = value;  // the last one wins, as for the main gateway
    else if (key == "encoding") encoding = true;
  }
  const int version = v ? small_number(*v) : 0;
  if (path == "/voice" || path.starts_with("/voice/")) return version;
  if (!encoding && version >= 1 && version <= 8) return version;
  return std::nullopt;
}

} // namespace parley::server::voice
