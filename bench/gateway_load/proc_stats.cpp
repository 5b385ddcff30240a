// Reading server CPU and memory from /proc (proc(5)).
#include "bench/gateway_load/proc_stats.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

namespace parley::bench::gateway_load {
namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

std::optional<double> parse_stat_cpu_seconds(std::string_view stat, long clock_ticks_per_second) {
  const std::size_t close = stat.rfind(')');
  if (close == std::string_view::npos || clock_ticks_per_second <= 0) return std::nullopt;
  std::string_view rest = stat.substr(close + 1);
  // Field 3 (state) is the first after ")"; utime is field 14, stime field 15.
  unsigned long long utime = 0, stime = 0;
  for (int field = 3; field <= 15; ++field) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const std::size_t end = rest.find(' ');
    const std::string_view token = rest.substr(0, end);
    if (token.empty()) return std::nullopt;
    if (field == 14 || field == 15) {
      unsigned long long v = 0;
      const auto r = std::from_chars(token.data(), token.data() + token.size(), v);
      if (r.ec != std::errc{}) return std::nullopt;
      (field == 14 ? utime : stime) = v;
    }
    if (end == std::string_view::npos) {
      if (field < 15) return std::nullopt;
      break;
    }
    rest.remove_prefix(end);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(clock_ticks_per_second);
}

std::optional<long> parse_status_rss_kib(std::string_view status) {
  const std::size_t at = status.find("\nVmRSS:");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = status.substr(at + 7);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  long kib = 0;
  const auto r = std::from_chars(rest.data(), rest.data() + rest.size(), kib);
  if (r.ec != std::errc{}) return std::nullopt;
  return kib;
}

std::optional<double> process_cpu_seconds(int pid) {
  if (pid <= 0) return std::nullopt;
  const auto text = read_file("/proc/" + std::to_string(pid) + "/stat");
  if (!text) return std::nullopt;
  return parse_stat_cpu_seconds(*text, ::sysconf(_SC_CLK_TCK));
}

std::optional<long> process_rss_kib(int pid) {
  if (pid <= 0) return std::nullopt;
  const auto text = read_file("/proc/" + std::to_string(pid) + "/status");
  if (!text) return std::nullopt;
  return parse_status_rss_kib(*text);
}

std::optional<long> tcp_memory_pages() {
  const auto text = read_file("/proc/net/sockstat");
  if (!text) return std::nullopt;
  const std::size_t tcp = text->find("TCP:");
  if (tcp == std::string::npos) return std::nullopt;
  const std::size_t mem = text->find(" mem ", tcp);
  const std::size_t eol = text->find('\n', tcp);
  if (mem == std::string::npos || mem > eol) return std::nullopt;
  long pages = 0;
  const auto r = std::from_chars(text->data() + mem + 5, text->data() + text->size(), pages);
  if (r.ec != std::errc{}) return std::nullopt;
  return pages;
}

double self_cpu_seconds() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

} // namespace parley::bench::gateway_load
