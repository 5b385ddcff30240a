// The terminal client's config file: see client_config.hpp.
#include "apps/parley/client_config.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::apps {
namespace {

error_code from_errno() { return error_code(errno, boost::system::system_category()); }

error_code invalid() { return make_error_code(boost::system::errc::invalid_argument); }

} // namespace

result<std::filesystem::path> config_path(const std::function<const char*(const char*)>& getenv) {
  const char* xdg = getenv("XDG_CONFIG_HOME");
  if (xdg && xdg[0] == '/') return std::filesystem::path(xdg) / "parley" / "config.json";
  const char* home = getenv("HOME");
  if (home && home[0] != '\0') return std::filesystem::path(home) / ".config" / "parley" / "config.json";
  return make_error_code(boost::system::errc::no_such_file_or_directory);
}

result<client_config> parse_client_config(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return invalid();
  client_config c;
  for (auto [key, field] : {std::pair<std::string_view, std::string*>{"server", &c.server},
                            {"token", &c.token},
                            {"user_id", &c.user_id},
                            {"username", &c.username},
                            {"status", &c.status}}) {
    const auto* value = v.get_object().if_contains(key);
    if (!value) continue;
    if (!value->is_string()) return invalid();
    *field = std::string(value->get_string());
  }
  return c;
}

std::string serialize_client_config(const client_config& c) {
  boost::json::object o{{"server", c.server}, {"token", c.token}, {"user_id", c.user_id},
                        {"username", c.username}, {"status", c.status}};
  return boost::json::serialize(o) + "\n";
}

result<std::optional<client_config>> load_client_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::optional<client_config>{};
    return from_errno();
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto c = parse_client_config(text.str());
  if (!c) return c.error();
  return std::optional<client_config>{std::move(*c)};
}

result<void> save_client_config(const std::filesystem::path& path, const client_config& config) {
  std::error_code fs_ec;
  const auto dir = path.parent_path();
  if (!std::filesystem::exists(dir, fs_ec)) {
    std::filesystem::create_directories(dir, fs_ec);
    if (fs_ec) return error_code(fs_ec.value(), boost::system::system_category());
    ::chmod(dir.c_str(), 0700);
  }
  const auto temp = path.string() + ".tmp";
  ::unlink(temp.c_str());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return from_errno();
  const auto text = serialize_client_config(config);
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const auto ec = from_errno();
      ::close(fd);
      ::unlink(temp.c_str());
      return ec;
    }
    written += static_cast<std::size_t>(n);
  }
  // The umask may have narrowed 0600 further, never widened it; fchmod makes it exactly 0600.
  if (::fchmod(fd, 0600) != 0 || ::fsync(fd) != 0) {
    const auto ec = from_errno();
    ::close(fd);
    ::unlink(temp.c_str());
    return ec;
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const auto ec = from_errno();
    ::unlink(temp.c_str());
    return ec;
  }
  return {};
}

result<void> remove_client_config(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return from_errno();
  return {};
}

} // namespace parley::apps
