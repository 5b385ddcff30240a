// result<T>: the return type of every fallible function in proto/, model/ and service/.
// g++ 12 has no std::expected; boost::system::result has the same value()/error()/*/-> surface.
#pragma once

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace parley {

using error_code = boost::system::error_code;

template <class T>
using result = boost::system::result<T, error_code>;

} // namespace parley
