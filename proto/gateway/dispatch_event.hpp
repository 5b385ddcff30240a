// One dispatch (op 0) as it fans out: the event name and its `d` body serialized once per
// encoding and shared by every session that receives it (DESIGN.md "Fan-out", gateway.md §1.3).
#pragma once

#include "proto/gateway/encoding.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace parley::proto::gateway {

// Immutable after construction except for the lazily built ETF body, so one instance may be read
// by sessions on any thread. Held as shared_ptr<const dispatch_event> by every recipient's write
// queue and replay ring; the body views it returns live as long as the object.
class dispatch_event {
 public:
  // Serializes `d` to JSON now. `name` is an UPPER_SNAKE_CASE event name ([A-Z0-9_]).
  dispatch_event(std::string_view name, const boost::json::value& d);

  static std::shared_ptr<const dispatch_event> make(std::string_view name, const boost::json::value& d) {
    return std::make_shared<const dispatch_event>(name, d);
  }

  dispatch_event(const dispatch_event&) = delete;
  dispatch_event& operator=(const dispatch_event&) = delete;

  std::string_view name() const noexcept { return name_; }
  std::string_view json_body() const noexcept { return json_; }

  // The ETF term of `d` (no version byte). Built on the first call only, from the JSON body, so
  // events no ETF session receives never pay for it; concurrent first calls build it once.
  std::string_view etf_body() const;

  std::string_view body(encoding enc) const { return enc == encoding::json ? json_body() : etf_body(); }

  // Bytes this event keeps alive for the replay ring's byte budget: the object, name and JSON
  // body. The ETF body, built later, is left out so the figure never changes after a push.
  std::size_t retained_size() const noexcept { return sizeof(*this) + name_.size() + json_.size(); }

 private:
  std::string name_;
  std::string json_;
  mutable std::once_flag etf_once_;
  mutable std::string etf_;
};

} // namespace parley::proto::gateway
