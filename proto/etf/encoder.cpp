// JSON → ETF encoder (gateway.md §12.2): one recursive pass over a boost::json::value using the
// primitive writers.
#include "proto/etf/encoder.hpp"

#include "proto/etf/term_writer.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

namespace parley::proto::etf {

void encode(const boost::json::value& value, std::string& out) {
  write_version(out);
  encode_term(value, out);
}

void encode_term(const boost::json::value& value, std::string& out) {
  switch (value.kind()) {
    case boost::json::kind::null:
      write_null(out);
      return;
    case boost::json::kind::bool_:
      write_bool(value.get_bool(), out);
      return;
    case boost::json::kind::int64:
      write_int(value.get_int64(), out);
      return;
    case boost::json::kind::uint64:
      write_uint(value.get_uint64(), out);
      return;
    case boost::json::kind::double_:
      write_double(value.get_double(), out);
      return;
    case boost::json::kind::string: {
      const auto& s = value.get_string();
      write_binary({s.data(), s.size()}, out);
      return;
    }
    case boost::json::kind::array: {
      const auto& array = value.get_array();
      if (!array.empty()) {
        write_list_header(static_cast<std::uint32_t>(array.size()), out);
        for (const auto& element : array) encode_term(element, out);
      }
      write_list_tail(out);
      return;
    }
    case boost::json::kind::object: {
      const auto& object = value.get_object();
      write_map_header(static_cast<std::uint32_t>(object.size()), out);
      for (const auto& entry : object) {
        write_key({entry.key().data(), entry.key().size()}, out);
        encode_term(entry.value(), out);
      }
      return;
    }
  }
}

} // namespace parley::proto::etf
