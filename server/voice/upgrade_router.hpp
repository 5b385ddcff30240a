// The HTTP port's one upgrade handler when both gateways are served: voice gateway upgrades
// (voice_url.hpp) go to the voice role, every other upgrade to the main gateway.
#pragma once

#include "server/http/handler.hpp"

namespace parley::server::voice {

class upgrade_router final : public http::upgrade_handler {
 public:
  // Both handlers outlive the router.
  upgrade_router(http::upgrade_handler& voice, http::upgrade_handler& gateway) : voice_(voice), gateway_(gateway) {}

  bool accepts(const http::request& req) const override { return voice_.accepts(req) || gateway_.accepts(req); }
  void upgrade(http::plain_stream stream, http::request req, boost::beast::flat_buffer leftover,
               const http::peer_info& peer) override {
    (voice_.accepts(req) ? voice_ : gateway_).upgrade(std::move(stream), std::move(req), std::move(leftover), peer);
  }
  void upgrade(http::tls_stream stream, http::request req, boost::beast::flat_buffer leftover,
               const http::peer_info& peer) override {
    (voice_.accepts(req) ? voice_ : gateway_).upgrade(std::move(stream), std::move(req), std::move(leftover), peer);
  }

 private:
  http::upgrade_handler& voice_;
  http::upgrade_handler& gateway_;
};

} // namespace parley::server::voice
