#include "model/timestamp.hpp"

#include <chrono>

namespace parley::model {
namespace {

using namespace std::chrono;

// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in Unix ms.
constexpr std::int64_t min_ms = -62167219200000LL;
constexpr std::int64_t max_ms = 253402300799999LL;

void put_digits(char* p, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// Reads exactly n digits at text[pos]; advances pos.
std::optional<int> read_digits(std::string_view text, std::size_t& pos, int n) {
  if (pos + static_cast<std::size_t>(n) > text.size()) return std::nullopt;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(n);
  return v;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

} // namespace

void write_iso8601(char* buf, std::int64_t unix_ms) {
  if (unix_ms < min_ms) unix_ms = min_ms;
  if (unix_ms > max_ms) unix_ms = max_ms;
  const sys_time<milliseconds> t{milliseconds{unix_ms}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> tod{t - day};

  put_digits(buf, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  buf[4] = '-';
  put_digits(buf + 5, static_cast<unsigned>(ymd.month()), 2);
  buf[7] = '-';
  put_digits(buf + 8, static_cast<unsigned>(ymd.day()), 2);
  buf[10] = 'T';
  put_digits(buf + 11, static_cast<unsigned>(tod.hours().count()), 2);
  buf[13] = ':';
  put_digits(buf + 14, static_cast<unsigned>(tod.minutes().count()), 2);
  buf[16] = ':';
  put_digits(buf + 17, static_cast<unsigned>(tod.seconds().count()), 2);
  buf[19] = '.';
  put_digits(buf + 20, static_cast<unsigned>(tod.subseconds().count()) * 1000U, 6);
  buf[26] = '+';
  buf[27] = '0';
  buf[28] = '0';
  buf[29] = ':';
  buf[30] = '0';
  buf[31] = '0';
}

void append_iso8601(std::string& out, std::int64_t unix_ms) {
  char buf[iso8601_length];
  write_iso8601(buf, unix_ms);
  out.append(buf, iso8601_length);
}

std::string format_iso8601(std::int64_t unix_ms) {
  std::string s;
  s.reserve(iso8601_length);
  append_iso8601(s, unix_ms);
  return s;
}

std::optional<std::int64_t> parse_iso8601(std::string_view text) {
  std::size_t pos = 0;
  const auto y = read_digits(text, pos, 4);
  if (!y || !expect(text, pos, '-')) return std::nullopt;
  const auto mo = read_digits(text, pos, 2);
  if (!mo || !expect(text, pos, '-')) return std::nullopt;
  const auto d = read_digits(text, pos, 2);
  if (!d || pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) return std::nullopt;
  ++pos;
  const auto h = read_digits(text, pos, 2);
  if (!h || !expect(text, pos, ':')) return std::nullopt;
  const auto mi = read_digits(text, pos, 2);
  if (!mi || !expect(text, pos, ':')) return std::nullopt;
  const auto s = read_digits(text, pos, 2);
  if (!s) return std::nullopt;
  if (*h > 23 || *mi > 59 || *s > 59) return std::nullopt;

  int millis = 0;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) millis *= 10;
  }

  std::int64_t offset_minutes = 0;
  if (pos < text.size()) {
    const char sign = text[pos];
    if (sign == 'Z' || sign == 'z') {
      ++pos;
    } else if (sign == '+' || sign == '-') {
      ++pos;
      const auto oh = read_digits(text, pos, 2);
      if (!oh) return std::nullopt;
      if (pos < text.size() && text[pos] == ':') ++pos;
      const auto om = read_digits(text, pos, 2);
      if (!om || *oh > 23 || *om > 59) return std::nullopt;
      offset_minutes = (*oh * 60 + *om) * (sign == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (pos != text.size()) return std::nullopt;

  const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  const auto days_since_epoch = sys_days{ymd}.time_since_epoch().count();
  const std::int64_t seconds_of_day = std::int64_t{*h} * 3600 + std::int64_t{*mi} * 60 + *s;
  return (static_cast<std::int64_t>(days_since_epoch) * 86400 + seconds_of_day - offset_minutes * 60) * 1000 + millis;
}

} // namespace parley::model
