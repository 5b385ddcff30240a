// UTF-8 validation for ETF binaries and UTF-8 atoms (gateway.md §12.2: strings travel as UTF-8
// binaries), so an ETF payload cannot smuggle bytes a JSON client would choke on.
#pragma once

#include <string_view>

namespace parley::proto::etf::detail {

// RFC 3629: rejects overlong forms, surrogates and code points above U+10FFFF.
bool is_valid_utf8(std::string_view bytes) noexcept;

} // namespace parley::proto::etf::detail
