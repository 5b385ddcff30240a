// Dispatch envelope writer (gateway.md §1.3, §12.2).
#include "proto/gateway/dispatch_envelope.hpp"

#include "proto/etf/term_writer.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>

namespace parley::proto::gateway {

void write_dispatch_prefix(encoding enc, std::string_view name, std::uint64_t seq, std::string& out) {
  assert(std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }));
  if (enc == encoding::json) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, seq).ptr;
    out.reserve(out.size() + name.size() + 40);
    out.append(R"({"op":0,"s":)");
    out.append(digits, end);
    out.append(R"(,"t":")");
    out.append(name);
    out.append(R"(","d":)");
    return;
  }
  namespace etf = parley::proto::etf;
  etf::write_version(out);
  etf::write_map_header(4, out);
  etf::write_atom("op", out);
  etf::write_int(0, out);
  etf::write_atom("s", out);
  etf::write_uint(seq, out);
  etf::write_atom("t", out);
  etf::write_binary(name, out);
  etf::write_atom("d", out);
}

} // namespace parley::proto::gateway
