// Errors of the store layer, as an error_code category (STYLE.md "Errors").
#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace parley::store {

enum class store_errc {
  conflict = 1, // a unique key is taken
  not_found,    // the row to change does not exist
  io,           // the database reported an error (disk full, I/O error, corruption)
  closed,       // the store was closed
};

const boost::system::error_category& store_category() noexcept;

inline boost::system::error_code make_error_code(store_errc e) noexcept {
  return {static_cast<int>(e), store_category()};
}

} // namespace parley::store

template <>
struct boost::system::is_error_code_enum<parley::store::store_errc> : std::true_type {};
