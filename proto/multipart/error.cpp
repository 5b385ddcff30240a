// Messages for the multipart/form-data parser's error category.
#include "proto/multipart/error.hpp"

#include <string>

namespace parley::proto::multipart {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.multipart"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::not_form_data: return "content type is not multipart/form-data";
      case errc::missing_boundary: return "multipart boundary missing";
      case errc::invalid_boundary: return "invalid multipart boundary";
      case errc::malformed_parameters: return "malformed header parameters";
      case errc::body_too_large: return "multipart body too large";
      case errc::too_many_parts: return "too many multipart parts";
      case errc::header_too_large: return "multipart part header too large";
      case errc::no_opening_delimiter: return "multipart boundary not found in the body";
      case errc::truncated: return "multipart body ends before the close delimiter";
      case errc::malformed_delimiter: return "malformed multipart delimiter line";
      case errc::malformed_header: return "malformed multipart part header";
      case errc::missing_disposition: return "multipart part without Content-Disposition";
      case errc::invalid_disposition: return "invalid Content-Disposition for form-data";
    }
    return "unknown multipart error";
  }
};

} // namespace

const boost::system::error_category& multipart_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace parley::proto::multipart
