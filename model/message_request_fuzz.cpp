// Fuzz target for the message request readers (model/message_request.hpp, model/mentions.hpp,
// model/embed.hpp; rest.md §6.6.1): any bytes parsed as a JSON body must give a request or field
// errors, never a crash, and an accepted request must respect the limits.
#include "model/mentions.hpp"
#include "model/message_request.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <boost/json/parse.hpp>

#include "model/embed.hpp"
#include "model/username.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::model;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto found = parse_mentions(input);
  if (found.users.size() + found.roles.size() > input.size()) std::abort();
  boost::system::error_code ec;
  auto v = boost::json::parse(input, ec);
  if (ec || !v.is_object()) return 0;
  auto errors = api_error::invalid_form_body();
  if (auto r = parse_message_create(v.get_object(), errors)) {
    if (errors.has_field_errors()) std::abort();
    if (utf8_length(r->content).value_or(0) > max_message_content) std::abort();
    if ((r->flags & ~message_flag::settable_on_create) != 0) std::abort();
    if (r->embeds.size() > max_embeds) std::abort();
  } else if (!errors.has_field_errors()) {
    std::abort();
  }
  auto edit_errors = api_error::invalid_form_body();
  if (!parse_message_edit(v.get_object(), edit_errors) && !edit_errors.has_field_errors()) std::abort();
  return 0;
}
