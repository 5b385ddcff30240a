#include "model/user.hpp"

#include <algorithm>
#include <cctype>

namespace parley::model {

std::string user::name_key() const {
  std::string key = username;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  key += '#';
  key += discriminator;
  return key;
}

boost::json::object to_public_json(const user& u) {
  boost::json::object o;
  o["id"] = to_string(u.id);
  o["username"] = u.username;
  o["discriminator"] = u.discriminator;
  o["global_name"] = u.global_name ? boost::json::value(*u.global_name) : nullptr;
  o["avatar"] = u.avatar ? boost::json::value(*u.avatar) : nullptr;
  o["bot"] = u.bot;
  o["system"] = false;
  o["public_flags"] = u.flags;
  o["banner"] = nullptr;
  o["accent_color"] = nullptr;
  o["avatar_decoration_data"] = nullptr;
  return o;
}

boost::json::object to_self_json(const user& u) {
  boost::json::object o = to_public_json(u);
  o["flags"] = u.flags;
  o["mfa_enabled"] = false;
  o["locale"] = "en-US";
  o["premium_type"] = 0;
  o["verified"] = !u.bot && u.email.has_value();
  o["email"] = u.email ? boost::json::value(*u.email) : nullptr;
  return o;
}

} // namespace parley::model
