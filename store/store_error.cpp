#include "store/store_error.hpp"

#include <string>

namespace parley::store {
namespace {
class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.store"; }
  std::string message(int ev) const override {
    switch (static_cast<store_errc>(ev)) {
      case store_errc::conflict: return "unique key already taken";
      case store_errc::not_found: return "row not found";
      case store_errc::io: return "database error";
      case store_errc::closed: return "store closed";
    }
    return "unknown store error";
  }
};
} // namespace

const boost::system::error_category& store_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace parley::store
