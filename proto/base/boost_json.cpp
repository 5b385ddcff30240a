// Debian's Boost 1.81 ships Boost.JSON without a compiled library: build its sources once here.
#include <boost/json/src.hpp>
