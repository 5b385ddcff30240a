// The payload encodings a gateway connection may negotiate (gateway.md §1.1, §12).
#pragma once

namespace parley::proto::gateway {

enum class encoding { json, etf };

} // namespace parley::proto::gateway
