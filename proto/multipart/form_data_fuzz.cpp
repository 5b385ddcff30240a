// Fuzz target for the multipart/form-data parser (RFC 7578): the first input line is the
// Content-Type, the rest the body. Any input must give an error or parts whose bodies lie inside
// the input, within the limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "proto/multipart/content_type.hpp"
#include "proto/multipart/form_data.hpp"

namespace mp = parley::proto::multipart;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto eol = input.find('\n');
  if (eol == std::string_view::npos) return 0;
  const auto boundary = mp::form_data_boundary(input.substr(0, eol));
  if (!boundary) return 0;
  const auto body = input.substr(eol + 1);
  mp::form_limits limits;
  limits.max_parts = 8;
  limits.max_header_size = 256;
  const auto parts = mp::parse_form_data(body, *boundary, limits);
  if (!parts) return 0;
  if (parts->size() > limits.max_parts) std::abort();
  for (const auto& p : *parts) {
    if (p.body.data() < body.data() || p.body.data() + p.body.size() > body.data() + body.size()) std::abort();
    if (p.body.find("\r\n--" + *boundary) != std::string_view::npos) std::abort();
  }
  return 0;
}
