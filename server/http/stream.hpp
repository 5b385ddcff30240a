// The two kinds of byte stream a client connection can be: plain TCP, or TLS over TCP (detected
// per connection on the same port).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace parley::server::http {

using plain_stream = boost::beast::tcp_stream;
using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

inline plain_stream& lowest_stream(plain_stream& s) { return s; }
inline plain_stream& lowest_stream(tls_stream& s) { return s.next_layer(); }

} // namespace parley::server::http
