#include "service/credentials.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <sodium.h>

namespace parley::service {
namespace {

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

void ensure_sodium() {
  static const int ready = sodium_init();  // thread-safe; idempotent
  if (ready < 0) throw std::runtime_error("libsodium failed to initialise");
}

} // namespace

class password_hasher::gate {
 public:
  explicit gate(unsigned slots) : slots_(slots) {}
  template <class F>
  auto run(F&& f) {
    {
      std::unique_lock lock(mutex_);
      free_.wait(lock, [&] { return slots_ > 0; });
      --slots_;
    }
    struct release {
      gate& g;
      ~release() {
        { std::lock_guard lock(g.mutex_); ++g.slots_; }
        g.free_.notify_one();
      }
    } r{*this};
    return f();
  }

 private:
  std::mutex mutex_;
  std::condition_variable free_;
  unsigned slots_;
};

password_hasher::password_hasher(password_cost cost)
    : gate_(std::make_shared<gate>(std::max(2u, std::thread::hardware_concurrency()))) {
  ensure_sodium();
  switch (cost) {
    case password_cost::interactive:
      opslimit_ = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      memlimit_ = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    case password_cost::moderate:
      opslimit_ = crypto_pwhash_OPSLIMIT_MODERATE;
      memlimit_ = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    case password_cost::minimal:
      opslimit_ = crypto_pwhash_OPSLIMIT_MIN;
      memlimit_ = crypto_pwhash_MEMLIMIT_MIN;
      break;
  }
  dummy_ = hash("parley-dummy-password");
}

std::string password_hasher::hash(std::string_view password) const {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  const int rc = gate_->run([&] {
    return crypto_pwhash_str_alg(out.data(), password.data(), password.size(), opslimit_, memlimit_,
                                 crypto_pwhash_ALG_ARGON2ID13);
  });
  if (rc != 0)
    throw std::runtime_error("argon2id: out of memory");
  return std::string(out.data());
}

bool password_hasher::verify(std::string_view encoded, std::string_view password) const {
  const std::string z(encoded);  // libsodium wants a NUL-terminated string
  return gate_->run([&] { return crypto_pwhash_str_verify(z.c_str(), password.data(), password.size()); }) == 0;
}

void password_hasher::burn(std::string_view password) const { (void)verify(dummy_, password); }

issued_token issue_token(model::snowflake user_id, std::int64_t now_ms) {
  ensure_sodium();
  const std::string id = std::to_string(user_id);
  const std::string when = std::to_string(now_ms / 1000);
  std::array<unsigned char, 27> random{};
  randombytes_buf(random.data(), random.size());
  issued_token t;
  t.secret = base64url(reinterpret_cast<const unsigned char*>(id.data()), id.size()) + "." +
             base64url(reinterpret_cast<const unsigned char*>(when.data()), when.size()) + "." +
             base64url(random.data(), random.size());
  t.hash = hash_token(t.secret);
  return t;
}

store::token_hash hash_token(std::string_view secret) {
  ensure_sodium();
  store::token_hash h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr, 0);
  return h;
}

std::optional<model::snowflake> token_user_id(std::string_view secret) {
  const auto dot = secret.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 32) return std::nullopt;
  std::array<unsigned char, 32> decoded{};
  std::size_t len = 0;
  if (sodium_base642bin(decoded.data(), decoded.size(), secret.data(), dot, nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  return model::parse_snowflake(std::string_view(reinterpret_cast<const char*>(decoded.data()), len));
}

std::string random_hex_key() {
  ensure_sodium();
  std::array<unsigned char, 32> key{};
  randombytes_buf(key.data(), key.size());
  std::string hex(key.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
  hex.pop_back();
  return hex;
}

std::uint32_t random_between(std::uint32_t low, std::uint32_t high) {
  ensure_sodium();
  return low + randombytes_uniform(high - low + 1);
}

} // namespace parley::service
