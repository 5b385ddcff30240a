// Shared dispatch bodies: JSON serialized once at construction, ETF on first demand
// (DESIGN.md "Fan-out", gateway.md §12.2).
#include "proto/gateway/dispatch_event.hpp"

#include "proto/etf/encoder.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cassert>

namespace parley::proto::gateway {

dispatch_event::dispatch_event(std::string_view name, const boost::json::value& d)
    : name_(name), json_(boost::json::serialize(d)) {}

std::string_view dispatch_event::etf_body() const {
  std::call_once(etf_once_, [this] {
    // Re-parsing the JSON body (rather than keeping the tree) keeps replay rings small; it only
    // happens for events some ETF session actually receives. Our own serializer produced the
    // text, so it always parses, and doubles round-trip exactly.
    boost::system::error_code ec;
    boost::json::value d = boost::json::parse(json_, ec);
    assert(!ec);
    etf::encode_term(d, etf_);
  });
  return etf_;
}

} // namespace parley::proto::gateway
