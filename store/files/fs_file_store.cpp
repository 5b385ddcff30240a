// Attachment files on the local filesystem (store/file_store.hpp contract: durable before the
// message row is committed). POSIX calls directly: std::filesystem has no fsync.
#include "store/files/fs_file_store.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace parley::store {
namespace {

error_code last_error() { return {errno, boost::system::system_category()}; }

class fd_guard {
 public:
  explicit fd_guard(int fd) : fd_(fd) {}
  ~fd_guard() {
    if (fd_ >= 0) ::close(fd_);
  }
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
  int get() const { return fd_; }
  // close() can report a delayed write error; the caller must see it.
  int release_and_close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

result<void> fsync_directory(const std::filesystem::path& dir) {
  fd_guard fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) return last_error();
  return {};
}

// Creates `dir` when missing; a new directory's entry is made durable in its parent.
result<void> ensure_directory(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) return fsync_directory(dir.parent_path());
  if (errno != EEXIST) return last_error();
  return {};
}

} // namespace

fs_file_store::fs_file_store(std::filesystem::path root) : root_(std::move(root)) {}

result<void> fs_file_store::put(model::snowflake channel_id, model::snowflake attachment_id, std::string_view bytes) {
  if (auto r = ensure_directory(root_); !r) return r;
  const auto dir = root_ / std::to_string(channel_id);
  if (auto r = ensure_directory(dir); !r) return r;

  const auto name = std::to_string(attachment_id);
  const auto target = dir / name;
  const auto temp = dir / ("." + name + ".tmp");
  fd_guard fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) return last_error();
  const auto fail = [&temp] {
    const auto ec = last_error();
    ::unlink(temp.c_str());
    return ec;
  };
  for (std::size_t written = 0; written < bytes.size();) {
    const auto n = ::write(fd.get(), bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail();
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return fail();
  if (fd.release_and_close() != 0) return fail();
  if (::rename(temp.c_str(), target.c_str()) != 0) return fail();
  return fsync_directory(dir);
}

result<void> fs_file_store::remove(model::snowflake channel_id, model::snowflake attachment_id) {
  const auto dir = root_ / std::to_string(channel_id);
  const auto path = dir / std::to_string(attachment_id);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return {};
    return last_error();
  }
  // The removal is acknowledged to the client: make it durable, as put makes the file durable,
  // so a crash cannot bring back (and serve) a deleted attachment.
  return fsync_directory(dir);
}

result<void> fs_file_store::remove_channel(model::snowflake channel_id) {
  const auto dir = root_ / std::to_string(channel_id);
  const std::unique_ptr<DIR, int (*)(DIR*)> stream(::opendir(dir.c_str()), &::closedir);
  if (!stream) {
    if (errno == ENOENT) return {};
    return last_error();
  }
  // Names first, unlinks after: POSIX leaves readdir unspecified once the directory changes.
  std::vector<std::string> names;
  for (;;) {
    errno = 0;
    const ::dirent* entry = ::readdir(stream.get());
    if (entry == nullptr) {
      if (errno != 0) return last_error();
      break;
    }
    if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0) names.emplace_back(entry->d_name);
  }
  for (const auto& name : names)
    if (::unlinkat(::dirfd(stream.get()), name.c_str(), 0) != 0 && errno != ENOENT) return last_error();
  if (::rmdir(dir.c_str()) != 0) {
    if (errno == ENOENT) return {};
    return last_error();
  }
  return fsync_directory(root_);  // durable, as remove is
}

std::optional<std::filesystem::path> fs_file_store::locate(model::snowflake channel_id,
                                                           model::snowflake attachment_id) const {
  auto path = root_ / std::to_string(channel_id) / std::to_string(attachment_id);
  struct ::stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return path;
}

} // namespace parley::store
