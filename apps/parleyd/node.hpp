// One parleyd process: the store, the bus, the services, the network threads and the listeners,
// wired together, started, and shut down gracefully.
#pragma once

#include <memory>

#include "apps/parleyd/config.hpp"

namespace parley::apps {

class node {
 public:
  explicit node(config cfg);
  ~node();
  node(const node&) = delete;
  node& operator=(const node&) = delete;

  // Opens the store and binds the listener; throws std::runtime_error with a readable message.
  void start();
  // Runs until SIGINT or SIGTERM, then shuts down: stop accepting, finish in-flight requests
  // (up to a deadline), stop the threads, flush and close the store.
  int run();

 private:
  struct parts;
  config cfg_;
  std::unique_ptr<parts> parts_;
};

} // namespace parley::apps
