// The embedded SQLite adapter of store::store (store/store.hpp): WAL journal with synchronous=FULL
// commits, one writer thread doing group commit, a pool of read-only connections for reads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "proto/base/result.hpp"
#include "store/store.hpp"

namespace parley::store {

namespace sqlite {
class writer;
class reader_pool;
} // namespace sqlite

class sqlite_store final : public store {
 public:
  struct options {
    std::filesystem::path path;   // the database file, e.g. <data dir>/parley.db; parents are created
    unsigned readers = 4;         // read-only connections (at least 1): the most reads at once
    std::chrono::milliseconds busy_timeout{5000}; // waits for another process's lock (admin CLI)
    unsigned cache_kib = 8192;    // page cache per connection
    std::size_t max_batch = 1024; // most write jobs in one group commit
  };

  struct counters {
    std::uint64_t commits = 0;           // durable group commits
    std::uint64_t write_jobs = 0;        // write calls run (jobs per commit = write_jobs / commits)
    std::uint64_t failed_write_jobs = 0;
    std::uint64_t largest_batch = 0;     // most write calls in one commit
    std::uint64_t reads = 0;             // read calls
  };

  // Called after every store call with its wall time; for writes that includes the queueing and
  // the group commit, i.e. what the caller waited. Runs on the calling thread, so it must be
  // cheap and thread-safe.
  using latency_observer = std::function<void(bool is_write, std::chrono::nanoseconds elapsed)>;

  // Opens (creating if needed) and migrates the database. Fails with store_errc::io (logged) on
  // I/O errors and when the file's schema is newer than this binary.
  static result<std::unique_ptr<sqlite_store>> open(const options& opts);

  ~sqlite_store() override;
  sqlite_store(const sqlite_store&) = delete;
  sqlite_store& operator=(const sqlite_store&) = delete;

  // Not synchronized with running calls: set it before the store is shared between threads.
  void set_latency_observer(latency_observer observer);
  counters stats() const noexcept;

  result<void> insert_user(const model::user& u, const token* initial_token) override;
  result<std::optional<model::user>> user_by_id(snowflake id) override;
  result<std::optional<model::user>> user_by_login(std::string_view login) override;
  result<void> update_user(const model::user& u) override;
  result<std::vector<model::user>> list_users(snowflake after, std::size_t limit) override;

  result<void> insert_token(const token& t) override;
  result<std::optional<snowflake>> user_by_token(const token_hash& hash) override;
  result<void> delete_token(const token_hash& hash) override;
  result<void> replace_tokens(snowflake user_id, const token& t) override;

  result<void> insert_application(const model::application& app, const model::user& bot,
                                  const token& bot_token) override;
  result<std::optional<model::application>> application_by_id(snowflake id) override;
  result<std::optional<model::application>> application_by_bot(snowflake bot_user_id) override;
  result<std::vector<model::application>> applications_by_owner(snowflake owner_id) override;
  // store_errc::not_found when the application does not exist.
  result<void> update_application(const model::application& app) override;
  // store_errc::not_found when the application does not exist.
  result<void> delete_application(snowflake id) override;

  // guild_store (store/guild_store.hpp); defined in sqlite_store_guilds.cpp.
  result<void> create_guild(const model::guild& g, const std::vector<model::role>& roles,
                            const std::vector<model::channel>& channels, const model::member& owner) override;
  result<std::optional<guild_with_counts>> guild_by_id(snowflake guild_id) override;
  result<void> update_guild(const model::guild& g, const model::audit_log_entry* audit) override;
  result<void> transfer_guild_ownership(snowflake guild_id, snowflake new_owner_id,
                                        const model::audit_log_entry* audit) override;
  result<void> delete_guild(snowflake guild_id) override;
  result<std::vector<user_guild>> guilds_of_user(snowflake user_id, const id_page& page) override;

  result<void> create_channel(const model::channel& c, const model::audit_log_entry* audit) override;
  result<std::optional<model::channel>> channel_by_id(snowflake channel_id) override;
  result<std::vector<model::channel>> channels_of_guild(snowflake guild_id) override;
  result<void> update_channel(const model::channel& c, const model::audit_log_entry* audit) override;
  result<void> delete_channel(snowflake channel_id, const model::audit_log_entry* audit) override;
  result<void> update_channel_positions(snowflake guild_id, const std::vector<channel_position>& changes,
                                        const model::audit_log_entry* audit) override;
  result<void> put_overwrite(snowflake channel_id, const model::permission_overwrite& ow,
                             const model::audit_log_entry* audit) override;
  result<void> delete_overwrite(snowflake channel_id, snowflake target_id,
                                const model::audit_log_entry* audit) override;

  result<void> create_role(const model::role& r, const model::audit_log_entry* audit) override;
  result<std::optional<model::role>> role_by_id(snowflake guild_id, snowflake role_id) override;
  result<std::vector<model::role>> roles_of_guild(snowflake guild_id) override;
  result<void> update_role(const model::role& r, const model::audit_log_entry* audit) override;
  result<void> delete_role(snowflake guild_id, snowflake role_id, const model::audit_log_entry* audit) override;
  result<void> update_role_positions(snowflake guild_id, const std::vector<std::pair<snowflake, int>>& positions,
                                     const model::audit_log_entry* audit) override;

  result<join_outcome> add_member(const model::member& m) override;
  result<join_outcome> add_bot_member(const model::member& m, const std::optional<model::role>& managed_role,
                                      const model::audit_log_entry* audit) override;
  result<bool> set_member_role(snowflake guild_id, snowflake user_id, snowflake role_id, bool present,
                               const model::audit_log_entry* audit) override;
  result<std::size_t> count_prunable_members(snowflake guild_id, const prune_query& q) override;
  result<std::vector<member_record>> prune_members(snowflake guild_id, const prune_query& q,
                                                   const prune_audit& audit) override;
  result<std::optional<member_record>> member(snowflake guild_id, snowflake user_id) override;
  result<std::vector<member_record>> members(snowflake guild_id, snowflake after, std::size_t limit) override;
  result<bool> share_a_guild(snowflake a, snowflake b) override;
  result<std::vector<member_record>> search_members(snowflake guild_id, std::string_view prefix,
                                                    std::size_t limit) override;
  result<void> update_member(const model::member& m, const model::audit_log_entry* audit) override;
  result<void> remove_member(snowflake guild_id, snowflake user_id, const model::audit_log_entry* audit) override;

  result<std::optional<model::member>> ban_member(const model::ban& b, const model::audit_log_entry* audit) override;
  result<std::optional<ban_record>> ban(snowflake guild_id, snowflake user_id) override;
  result<std::vector<ban_record>> bans(snowflake guild_id, const id_page& page) override;
  result<void> remove_ban(snowflake guild_id, snowflake user_id, const model::audit_log_entry* audit) override;

  result<model::invite> create_invite(const model::invite& inv, bool reuse_equivalent,
                                      const model::audit_log_entry* audit) override;
  result<std::optional<model::invite>> invite_by_code(std::string_view code, std::int64_t now_ms) override;
  result<std::vector<model::invite>> invites_of_channel(snowflake channel_id, std::int64_t now_ms) override;
  result<std::vector<model::invite>> invites_of_guild(snowflake guild_id, std::int64_t now_ms) override;
  result<model::invite> delete_invite(std::string_view code, const model::audit_log_entry* audit) override;
  result<invite_acceptance> accept_invite(std::string_view code, const model::member& joining,
                                          std::int64_t now_ms) override;

  result<void> append_audit_entry(const model::audit_log_entry& entry) override;
  result<std::vector<model::audit_log_entry>> audit_entries(snowflake guild_id,
                                                            const audit_log_query& query) override;

  result<std::vector<guild_snapshot>> guilds_for_gateway(snowflake user_id, std::size_t member_limit) override;
  result<std::optional<guild_snapshot>> guild_for_gateway(snowflake guild_id, snowflake user_id,
                                                          std::size_t member_limit) override;

  // message_store (store/message_store.hpp): messages and history in sqlite_store_messages.cpp,
  // reactions and pins in sqlite_store_reactions.cpp, private channels and read states in
  // sqlite_store_private.cpp, search in sqlite_store_search.cpp.
  result<create_message_outcome> create_message(const model::message& m, snowflake viewer,
                                                std::optional<std::int64_t> dedupe_since_ms) override;
  result<std::optional<message_record>> message(snowflake channel_id, snowflake message_id, snowflake viewer) override;
  result<std::vector<message_record>> messages(snowflake channel_id, const history_query& q, snowflake viewer) override;
  result<std::optional<snowflake>> last_message_by(snowflake channel_id, snowflake author_id) override;
  result<std::vector<model::attachment>> update_message(const model::message& m) override;
  result<deleted_message> delete_message(snowflake channel_id, snowflake message_id) override;
  result<std::vector<deleted_message>> delete_messages(snowflake channel_id, const std::vector<snowflake>& ids) override;
  result<std::vector<deleted_message>> delete_messages_of_user(snowflake guild_id, snowflake user_id,
                                                               snowflake since_id) override;

  result<reaction_change> add_reaction(snowflake channel_id, snowflake message_id, snowflake user_id,
                                       const model::emoji_ref& emoji, int type, std::int64_t now_ms) override;
  result<reaction_change> remove_reaction(snowflake channel_id, snowflake message_id, snowflake user_id,
                                          std::string_view emoji_key, int type) override;
  result<std::vector<model::user>> reaction_users(snowflake channel_id, snowflake message_id, std::string_view emoji_key,
                                                  const reaction_users_query& q) override;
  result<std::size_t> remove_all_reactions(snowflake channel_id, snowflake message_id) override;
  result<std::optional<model::emoji_ref>> remove_emoji_reactions(snowflake channel_id, snowflake message_id,
                                                                 std::string_view emoji_key) override;
  result<bool> pin_message(snowflake channel_id, snowflake message_id, std::int64_t now_ms, std::size_t max_pins) override;
  result<bool> unpin_message(snowflake channel_id, snowflake message_id) override;
  result<std::vector<pin_record>> pins(snowflake channel_id, std::int64_t before_ms, std::size_t limit,
                                       snowflake viewer) override;

  result<message_store::dm_outcome> open_dm(const model::channel& c, snowflake a, snowflake b) override;
  result<private_channel_record> create_group_dm(const model::channel& c) override;
  result<std::optional<private_channel_record>> private_channel(snowflake channel_id) override;
  result<std::vector<private_channel_record>> private_channels_of(snowflake user_id) override;
  result<void> update_private_channel(const model::channel& c) override;
  result<bool> add_recipient(snowflake channel_id, snowflake user_id) override;
  result<bool> remove_recipient(snowflake channel_id, snowflake user_id) override;
  result<model::read_state> ack(snowflake user_id, snowflake channel_id, snowflake message_id) override;
  result<std::vector<model::read_state>> read_states_of(snowflake user_id) override;

  result<search_result> search_messages(const search_query& q, snowflake viewer) override;

  // Online backup (https://sqlite.org/backup.html) from a separate connection into
  // `destination` + ".partial", then renamed over `destination`: a reader never sees half a copy.
  result<void> backup(const std::filesystem::path& destination) override;
  // Commits the queued writes, stops the writer, waits for running reads, closes the files.
  void close() override;

 private:
  sqlite_store(options opts, std::unique_ptr<sqlite::writer> writer, std::unique_ptr<sqlite::reader_pool> readers);

  // Defined in detail/store_calls.hpp, which every .cpp implementing the methods includes.
  template <class Query>
  auto read(Query&& query);
  template <class Job>
  result<void> write(Job&& job);
  template <class Job>
  auto write_value(Job&& job);

  const options options_;
  std::unique_ptr<sqlite::writer> writer_;
  std::unique_ptr<sqlite::reader_pool> readers_;
  latency_observer observer_;
  std::atomic<std::uint64_t> reads_{0};
  std::atomic<bool> closed_{false};
};

} // namespace parley::store
