// Category of etf_errc, the errors of the ETF decoder (gateway.md §12).
#include "proto/etf/etf_error.hpp"

#include <string>

namespace parley::proto::etf {
namespace {

class etf_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.etf"; }

  std::string message(int ev) const override {
    switch (static_cast<etf_errc>(ev)) {
      case etf_errc::input_too_large: return "ETF message exceeds the size limit";
      case etf_errc::bad_version: return "ETF version byte is not 131";
      case etf_errc::truncated: return "ETF term runs past the end of the message";
      case etf_errc::trailing_bytes: return "bytes after the ETF term";
      case etf_errc::unknown_tag: return "unsupported ETF tag";
      case etf_errc::compressed_term: return "compressed ETF terms are not accepted";
      case etf_errc::depth_exceeded: return "ETF terms nest too deeply";
      case etf_errc::integer_overflow: return "ETF big integer does not fit 64 bits";
      case etf_errc::bad_sign: return "ETF big integer sign is not 0 or 1";
      case etf_errc::bad_float: return "ETF float is not a finite number";
      case etf_errc::invalid_utf8: return "ETF string is not valid UTF-8";
      case etf_errc::invalid_map_key: return "ETF map key is not a string or atom";
      case etf_errc::improper_list: return "ETF list tail is not NIL";
    }
    return "unknown ETF error";
  }
};

} // namespace

const boost::system::error_category& etf_category() noexcept {
  static const etf_category_impl category;
  return category;
}

} // namespace parley::proto::etf
