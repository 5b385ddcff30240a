// One sample line of the Prometheus text format 0.0.4: `name_suffix{labels} value`.
#pragma once

#include <string>
#include <string_view>

namespace parley::server::metrics::detail {

// Appends `<name><suffix>{<label_text>[,<extra>]}` (no braces when both are empty) and a space;
// the caller appends the value and the line feed. `label_text` and `extra` are already escaped.
inline void append_sample_head(std::string& out, std::string_view name, std::string_view suffix,
                               std::string_view label_text, std::string_view extra = {}) {
  out += name;
  out += suffix;
  if (!label_text.empty() || !extra.empty()) {
    out += '{';
    out += label_text;
    if (!label_text.empty() && !extra.empty()) {
      out += ',';
    }
    out += extra;
    out += '}';
  }
  out += ' ';
}

} // namespace parley::server::metrics::detail
