// Internal to store/sqlite: the definitions of sqlite_store's private read()/write() templates,
// shared by the .cpp files that implement its methods (sqlite_store.cpp, sqlite_store_guilds.cpp).
// Include it only from those files, after sqlite_store.hpp.
#pragma once

#include <chrono>
#include <optional>
#include <type_traits>
#include <utility>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

// Runs query(connection&) -> result<T> on a borrowed reader connection.
template <class Query>
auto sqlite_store::read(Query&& query) {
  using result_type = decltype(query(std::declval<sqlite::connection&>()));
  const bool timed = static_cast<bool>(observer_);
  const auto start = timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  reads_.fetch_add(1, std::memory_order_relaxed);
  result_type r = [&]() -> result_type {
    auto lease = readers_->acquire();
    if (!lease) {
      return result_type(boost::system::in_place_error, lease.error());
    }
    return query(**lease);
  }();
  if (timed) {
    observer_(false, std::chrono::steady_clock::now() - start);
  }
  return r;
}

// Runs job(connection&) -> result<void> on the writer; success means committed durably.
template <class Job>
result<void> sqlite_store::write(Job&& job) {
  const bool timed = static_cast<bool>(observer_);
  const auto start = timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  auto r = writer_->run(job);
  if (timed) {
    observer_(true, std::chrono::steady_clock::now() - start);
  }
  return r;
}

// Runs job(connection&) -> result<T> on the writer and returns its value once the transaction
// holding it committed; a failed commit turns the value into the commit's error.
template <class Job>
auto sqlite_store::write_value(Job&& job) {
  using result_type = decltype(job(std::declval<sqlite::connection&>()));
  using value_type = typename result_type::value_type;
  std::optional<value_type> out;
  auto done = write([&](sqlite::connection& db) -> result<void> {
    auto r = job(db);
    if (!r) {
      return r.error();
    }
    out.emplace(std::move(*r));
    return {};
  });
  if (!done) {
    // in_place_error: result<bool> would otherwise take the error_code as a bool.
    return result_type(boost::system::in_place_error, done.error());
  }
  return result_type(std::move(*out));
}

} // namespace parley::store
