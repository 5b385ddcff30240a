// Small operations on user text that several use cases share: Discord counts lengths in code points
// (rest.md §2), so cutting must never split a UTF-8 sequence.
#pragma once

#include <cstddef>
#include <string>

namespace parley::model {

// Cuts s to at most `limit` UTF-8 code points, never inside a sequence.
inline void truncate_code_points(std::string& s, std::size_t limit) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (count++ == limit) {
      s.resize(i);
      return;
    }
  }
}

} // namespace parley::model
