// The durability promise of store/store.hpp: a write that returned success survives kill -9.
// A child process inserts users and reports each acknowledged id through a pipe; the parent
// SIGKILLs it mid-stream and checks that every acknowledged user is in the reopened database.
#include "store/sqlite/sqlite_store.hpp"

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite/temp_directory.hpp"

namespace parley::store {
namespace {

sqlite_store::options options_for(const std::filesystem::path& file) {
  sqlite_store::options opts;
  opts.path = file;
  opts.readers = 1;
  return opts;
}

bool write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Runs in the forked child; never returns. Several threads write at once so that kills land
// both between and inside group commits.
[[noreturn]] void child_main(const std::filesystem::path& file, int ack_fd) {
  auto store = sqlite_store::open(options_for(file));
  if (!store) {
    ::_exit(2);
  }
  std::vector<std::thread> threads;
  for (snowflake t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (snowflake i = 1;; ++i) {
        model::user u;
        u.id = t * 1'000'000 + i;
        u.username = "durable" + std::to_string(u.id);
        if (!(*store)->insert_user(u, nullptr)) {
          ::_exit(3);
        }
        // The id leaves the process only after insert_user returned: it is acknowledged.
        if (!write_all(ack_fd, &u.id, sizeof u.id)) {
          ::_exit(4);
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  ::_exit(0);
}

TEST(durability, acknowledged_writes_survive_sigkill) {
  sqlite::temp_directory dir;
  const auto file = dir.path() / "parley.db";
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);

  const pid_t child = ::fork();
  ASSERT_GE(child, 0) << std::strerror(errno);
  if (child == 0) {
    ::close(fds[0]);
    child_main(file, fds[1]);
  }
  ::close(fds[1]);

  std::vector<snowflake> acked;
  auto read_acks = [&](std::size_t until) {
    snowflake id = 0;
    std::size_t have = 0;
    while (acked.size() < until) {
      const ssize_t n = ::read(fds[0], reinterpret_cast<char*>(&id) + have, sizeof id - have);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        return; // EOF: the child is gone and every ack it wrote has been read
      }
      have += static_cast<std::size_t>(n);
      if (have == sizeof id) {
        acked.push_back(id);
        have = 0;
      }
    }
  };
  read_acks(300);
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with status " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  read_acks(static_cast<std::size_t>(-1)); // acks still in the pipe were acknowledged too
  ::close(fds[0]);
  ASSERT_GE(acked.size(), 300u);

  auto store = sqlite_store::open(options_for(file));
  ASSERT_TRUE(store) << store.error().message();
  std::size_t missing = 0;
  for (snowflake id : acked) {
    auto u = (*store)->user_by_id(id);
    ASSERT_TRUE(u);
    missing += u->has_value() ? 0 : 1;
  }
  EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged users";
  // The store may hold a few more (committed, killed before the ack was written), never fewer.
  auto all = (*store)->list_users(0, 1'000'000);
  ASSERT_TRUE(all);
  EXPECT_GE(all->size(), acked.size());
  std::printf("[ info     ] %zu acknowledged before SIGKILL, %zu rows after reopen\n", acked.size(),
              all->size());
}

} // namespace
} // namespace parley::store
