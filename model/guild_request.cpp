#include "model/guild_request.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>

#include "model/channel_kind.hpp"
#include "model/snowflake.hpp"

namespace parley::model {
namespace {

std::string child_path(std::string_view path, std::string_view key) {
  std::string p(path);
  if (!p.empty()) p += '.';
  p += key;
  return p;
}

std::optional<std::uint64_t> decimal_u64(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

} // namespace

std::optional<permissions> parse_permissions(const boost::json::value& v, std::string_view path, api_error& errors) {
  std::optional<std::uint64_t> bits;
  if (v.is_string()) bits = decimal_u64(v.get_string());
  else if (v.is_uint64()) bits = v.get_uint64();
  else if (v.is_int64() && v.get_int64() >= 0) bits = static_cast<std::uint64_t>(v.get_int64());
  if (!bits) {
    errors.field(path, "NUMBER_TYPE_COERCE", "Value is not a permission bit set (a decimal string or integer).");
    return std::nullopt;
  }
  if (const std::uint64_t unknown = *bits & ~permission::all) {
    errors.field(path, "PERMISSIONS_UNKNOWN_BITS",
                 "Contains undefined permission bits: " + std::to_string(unknown) + ".");
    return std::nullopt;
  }
  return *bits;
}

std::optional<permission_overwrite> parse_overwrite(const boost::json::value& v, std::string_view path,
                                                    api_error& errors) {
  if (!v.is_object()) {
    errors.field(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    return std::nullopt;
  }
  const auto& o = v.get_object();
  permission_overwrite ow;
  bool ok = true;

  const auto* id = o.if_contains("id");
  if (!id || id->is_null()) {
    errors.field(child_path(path, "id"), "BASE_TYPE_REQUIRED", "This field is required");
    ok = false;
  } else if (auto parsed = snowflake_from_json(*id)) {
    ow.id = *parsed;
  } else {
    errors.field(child_path(path, "id"), "NUMBER_TYPE_COERCE", "Value is not snowflake.");
    ok = false;
  }

  // discord.py and discord.js send 0/1; v6-era clients sent "role"/"member".
  const auto* type = o.if_contains("type");
  if (!type || type->is_null()) {
    errors.field(child_path(path, "type"), "BASE_TYPE_REQUIRED", "This field is required");
    ok = false;
  } else if ((type->is_int64() && type->get_int64() == 0) || (type->is_uint64() && type->get_uint64() == 0) ||
             (type->is_string() && type->get_string() == "role")) {
    ow.type = permission_overwrite::kind::role;
  } else if ((type->is_int64() && type->get_int64() == 1) || (type->is_uint64() && type->get_uint64() == 1) ||
             (type->is_string() && type->get_string() == "member")) {
    ow.type = permission_overwrite::kind::member;
  } else {
    errors.field(child_path(path, "type"), "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.");
    ok = false;
  }

  for (auto [key, out] : {std::pair<std::string_view, permissions*>{"allow", &ow.allow}, {"deny", &ow.deny}}) {
    const auto* bits = o.if_contains(key);
    if (!bits || bits->is_null()) continue;
    if (auto parsed = parse_permissions(*bits, child_path(path, key), errors)) *out = *parsed;
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return ow;
}

std::optional<std::vector<permission_overwrite>> parse_overwrites(const boost::json::value& v, std::string_view path,
                                                                  api_error& errors) {
  if (!v.is_array()) {
    errors.field(path, "BASE_TYPE_LIST", "Must be a list.");
    return std::nullopt;
  }
  const auto& a = v.get_array();
  if (a.size() > max_overwrites_per_channel) {
    errors.field(path, "BASE_TYPE_MAX_LENGTH",
                 "Must be " + std::to_string(max_overwrites_per_channel) + " or fewer in length.");
    return std::nullopt;
  }
  std::vector<permission_overwrite> out;
  out.reserve(a.size());
  bool ok = true;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string item_path = child_path(path, std::to_string(i));
    auto ow = parse_overwrite(a[i], item_path, errors);
    if (!ow) {
      ok = false;
      continue;
    }
    const bool duplicate = std::any_of(out.begin(), out.end(), [&](const permission_overwrite& x) { return x.id == ow->id; });
    if (duplicate) {
      errors.field(child_path(item_path, "id"), "DUPLICATE_OVERWRITE", "Only one overwrite per role or member.");
      ok = false;
      continue;
    }
    out.push_back(*ow);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<channel_type> parse_channel_type(const boost::json::value& v, std::string_view path,
                                               std::span<const channel_type> allowed, api_error& errors) {
  std::optional<channel_type> t;
  if (v.is_int64()) t = to_channel_type(v.get_int64());
  else if (v.is_uint64() && v.get_uint64() <= 64) t = to_channel_type(static_cast<std::int64_t>(v.get_uint64()));
  else if (!v.is_number()) {
    errors.field(path, "NUMBER_TYPE_COERCE", "Value is not int.");
    return std::nullopt;
  }
  if (t && std::find(allowed.begin(), allowed.end(), *t) != allowed.end()) return t;
  std::string message = "Value must be one of {";
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i) message += ", ";
    message += std::to_string(static_cast<int>(allowed[i]));
  }
  message += "}.";
  errors.field(path, "BASE_TYPE_CHOICES", message);
  return std::nullopt;
}

std::span<const channel_type> creatable_guild_channel_types() {
  static constexpr std::array types{channel_type::guild_text,         channel_type::guild_voice,
                                    channel_type::guild_category,     channel_type::guild_announcement,
                                    channel_type::guild_stage_voice,  channel_type::guild_forum,
                                    channel_type::guild_media};
  return types;
}

} // namespace parley::model
