// The SQLite store: opening (pragmas, migrations, connections), routing reads to the reader pool
// and writes to the group-commit writer, online backup, and close.
#include "store/sqlite/sqlite_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include "store/sqlite/account_queries.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/detail/store_calls.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/pragmas.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/sqlite_error.hpp"
#include "store/sqlite/writer.hpp"
#include "store/store_error.hpp"

namespace parley::store {
namespace {

using sqlite::connection;
using sqlite::connection_settings;

result<void> create_parent(const std::filesystem::path& file) {
  const auto parent = file.parent_path();
  if (parent.empty()) {
    return {};
  }
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    spdlog::error("sqlite: cannot create directory {}: {}", parent.string(), ec.message());
    return store_errc::io;
  }
  return {};
}

connection_settings settings_of(const sqlite_store::options& opts) {
  return {opts.busy_timeout, opts.cache_kib};
}

result<connection> open_writer(const sqlite_store::options& opts) {
  auto db = connection::open(opts.path, connection::access::read_write_create);
  if (!db) {
    return db.error();
  }
  if (auto r = sqlite::configure_writer(*db, settings_of(opts)); !r) {
    return r.error();
  }
  if (auto r = sqlite::migrate(*db); !r) {
    return r.error();
  }
  return db;
}

result<connection> open_reader(const sqlite_store::options& opts) {
  auto db = connection::open(opts.path, connection::access::read_only);
  if (!db) {
    return db.error();
  }
  if (auto r = sqlite::configure_reader(*db, settings_of(opts)); !r) {
    return r.error();
  }
  return db;
}

// Makes a rename durable: the directory entry is on disk once its directory is fsynced.
void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)::fsync(fd);
    ::close(fd);
  }
}

} // namespace

result<std::unique_ptr<sqlite_store>> sqlite_store::open(const options& opts) {
  if (sqlite3_threadsafe() == 0) {
    spdlog::error("sqlite: the linked SQLite library was built without thread support");
    return store_errc::io;
  }
  if (auto r = create_parent(opts.path); !r) {
    return r.error();
  }
  // The writer first: it creates the file, switches it to WAL and migrates before any reader looks.
  auto writer_db = open_writer(opts);
  if (!writer_db) {
    return writer_db.error();
  }
  std::vector<connection> readers;
  readers.reserve(opts.readers == 0 ? 1 : opts.readers);
  for (unsigned i = 0; i < (opts.readers == 0 ? 1U : opts.readers); ++i) {
    auto db = open_reader(opts);
    if (!db) {
      return db.error();
    }
    readers.push_back(std::move(*db));
  }
  try {
    auto writer = std::make_unique<sqlite::writer>(std::move(*writer_db), opts.max_batch);
    auto pool = std::make_unique<sqlite::reader_pool>(std::move(readers));
    return std::unique_ptr<sqlite_store>(new sqlite_store(opts, std::move(writer), std::move(pool)));
  } catch (const std::exception& e) {
    spdlog::error("sqlite: cannot start the store: {}", e.what());
    return store_errc::io;
  }
}

sqlite_store::sqlite_store(options opts, std::unique_ptr<sqlite::writer> writer,
                           std::unique_ptr<sqlite::reader_pool> readers)
    : options_(std::move(opts)), writer_(std::move(writer)), readers_(std::move(readers)) {}

sqlite_store::~sqlite_store() { close(); }

void sqlite_store::set_latency_observer(latency_observer observer) { observer_ = std::move(observer); }

sqlite_store::counters sqlite_store::stats() const noexcept {
  const auto w = writer_->stats();
  return {w.commits, w.jobs, w.failed_jobs, w.largest_batch, reads_.load(std::memory_order_relaxed)};
}

result<void> sqlite_store::insert_user(const model::user& u, const token* initial_token) {
  return write([&](connection& db) { return sqlite::insert_user(db, u, initial_token); });
}

result<std::optional<model::user>> sqlite_store::user_by_id(snowflake id) {
  return read([&](connection& db) { return sqlite::user_by_id(db, id); });
}

result<std::optional<model::user>> sqlite_store::user_by_login(std::string_view login) {
  return read([&](connection& db) { return sqlite::user_by_login(db, login); });
}

result<void> sqlite_store::update_user(const model::user& u) {
  return write([&](connection& db) { return sqlite::update_user(db, u); });
}

result<std::vector<model::user>> sqlite_store::list_users(snowflake after, std::size_t limit) {
  return read([&](connection& db) { return sqlite::list_users(db, after, limit); });
}

result<void> sqlite_store::insert_token(const token& t) {
  return write([&](connection& db) { return sqlite::insert_token(db, t); });
}

result<std::optional<snowflake>> sqlite_store::user_by_token(const token_hash& hash) {
  return read([&](connection& db) { return sqlite::user_by_token(db, hash); });
}

result<void> sqlite_store::delete_token(const token_hash& hash) {
  return write([&](connection& db) { return sqlite::delete_token(db, hash); });
}

result<void> sqlite_store::replace_tokens(snowflake user_id, const token& t) {
  return write([&](connection& db) { return sqlite::replace_tokens(db, user_id, t); });
}

result<void> sqlite_store::insert_application(const model::application& app, const model::user& bot,
                                              const token& bot_token) {
  return write([&](connection& db) { return sqlite::insert_application(db, app, bot, bot_token); });
}

result<std::optional<model::application>> sqlite_store::application_by_id(snowflake id) {
  return read([&](connection& db) { return sqlite::application_by_id(db, id); });
}

result<std::optional<model::application>> sqlite_store::application_by_bot(snowflake bot_user_id) {
  return read([&](connection& db) { return sqlite::application_by_bot(db, bot_user_id); });
}

result<std::vector<model::application>> sqlite_store::applications_by_owner(snowflake owner_id) {
  return read([&](connection& db) { return sqlite::applications_by_owner(db, owner_id); });
}

result<void> sqlite_store::update_application(const model::application& app) {
  return write([&](connection& db) { return sqlite::update_application(db, app); });
}

result<void> sqlite_store::delete_application(snowflake id) {
  return write([&](connection& db) { return sqlite::delete_application(db, id); });
}

result<void> sqlite_store::backup(const std::filesystem::path& destination) {
  if (closed_.load(std::memory_order_acquire)) {
    return store_errc::closed;
  }
  if (auto r = create_parent(destination); !r) {
    return r;
  }
  std::filesystem::path partial = destination;
  partial += ".partial";
  std::error_code fs_ec;
  std::filesystem::remove(partial, fs_ec); // a leftover of an interrupted backup

  auto source = open_reader(options_);
  if (!source) {
    return source.error();
  }
  error_code failed;
  {
    auto target = connection::open(partial, connection::access::read_write_create);
    if (!target) {
      return target.error();
    }
    sqlite3_backup* job = sqlite3_backup_init(target->handle(), "main", source->handle(), "main");
    if (job == nullptr) {
      failed = sqlite::to_error(target->handle(), sqlite3_extended_errcode(target->handle()), "backup init");
    } else {
      // All pages in one step: one read transaction, so the copy is one consistent snapshot even
      // while the writer commits (a stepwise backup would restart on every foreign write).
      const int step_rc = sqlite3_backup_step(job, -1);
      const int finish_rc = sqlite3_backup_finish(job);
      if (step_rc != SQLITE_DONE || finish_rc != SQLITE_OK) {
        failed = sqlite::to_error(target->handle(), step_rc != SQLITE_DONE ? step_rc : finish_rc, "backup");
      }
    }
  } // the copy was committed (synced: rollback journal, synchronous=FULL by default) and is closed here
  if (failed) {
    std::filesystem::remove(partial, fs_ec);
    return failed;
  }
  std::filesystem::rename(partial, destination, fs_ec);
  if (fs_ec) {
    spdlog::error("sqlite: backup rename to {} failed: {}", destination.string(), fs_ec.message());
    return store_errc::io;
  }
  sync_directory(destination.parent_path());
  return {};
}

void sqlite_store::close() {
  closed_.store(true, std::memory_order_release);
  writer_->stop();
  readers_->close();
}

} // namespace parley::store
