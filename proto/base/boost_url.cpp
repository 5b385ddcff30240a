// Debian's Boost 1.81 ships Boost.URL without a compiled library: build its sources once here.
#include <boost/url/src.hpp>
