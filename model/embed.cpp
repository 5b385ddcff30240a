// Embed validation and normalization; see embed.hpp.
#include "model/embed.hpp"

#include <string>

#include <boost/json/object.hpp>

#include "model/timestamp.hpp"
#include "model/username.hpp"

namespace parley::model {
namespace {

namespace json = boost::json;

constexpr std::size_t max_url = 2048;

class embed_reader {
 public:
  embed_reader(api_error& errors, std::size_t& total) : errors_(errors), total_(total) {}

  // Copies a string field of `in` to `out` when valid. counted: adds to the 6000 total.
  void text(const json::object& in, json::object& out, std::string_view key, const std::string& path, std::size_t max,
            bool required, bool counted) {
    const auto* v = in.if_contains(key);
    if (!v || v->is_null()) {
      if (required) errors_.field(path + "." + std::string(key), "BASE_TYPE_REQUIRED", "This field is required");
      return;
    }
    if (!v->is_string()) {
      errors_.field(path + "." + std::string(key), "BASE_TYPE_STRING", "Must be a string.");
      return;
    }
    const auto len = utf8_length(v->get_string());
    if (!len) {
      errors_.field(path + "." + std::string(key), "BASE_TYPE_BAD_STRING", "Must be valid UTF-8.");
      return;
    }
    if (*len > max) {
      errors_.field(path + "." + std::string(key), "BASE_TYPE_MAX_LENGTH",
                    "Must be " + std::to_string(max) + " or fewer in length.");
      return;
    }
    if (required && *len == 0) {
      errors_.field(path + "." + std::string(key), "BASE_TYPE_REQUIRED", "This field is required");
      return;
    }
    if (counted) total_ += *len;
    out[key] = v->get_string();
  }

  // A nested object ({footer}, {author}, {image}...) with its string keys.
  template <class Keys>
  void nested(const json::object& in, json::object& out, std::string_view key, const std::string& path, Keys&& keys) {
    const auto* v = in.if_contains(key);
    if (!v || v->is_null()) return;
    const std::string p = path + "." + std::string(key);
    if (!v->is_object()) {
      errors_.field(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
      return;
    }
    json::object o;
    for (const auto& k : keys) text(v->get_object(), o, k.name, p, k.max, k.required, k.counted);
    out[key] = std::move(o);
  }

 private:
  api_error& errors_;
  std::size_t& total_;
};

struct key_rule {
  std::string_view name;
  std::size_t max;
  bool required;
  bool counted;
};

} // namespace

std::optional<json::array> parse_embeds(const json::value& v, std::string_view path, api_error& errors) {
  const std::string base(path);
  json::array out;
  if (v.is_null()) return out;
  if (!v.is_array()) {
    errors.field(base, "BASE_TYPE_LIST", "Must be a list.");
    return std::nullopt;
  }
  const auto& in = v.get_array();
  if (in.size() > max_embeds) {
    errors.field(base, "BASE_TYPE_MAX_LENGTH", "Must be " + std::to_string(max_embeds) + " or fewer in length.");
    return std::nullopt;
  }
  std::size_t total = 0;
  embed_reader r(errors, total);
  static constexpr key_rule footer[] = {{"text", 2048, true, true}, {"icon_url", max_url, false, false}};
  static constexpr key_rule author[] = {{"name", 256, true, true}, {"url", max_url, false, false},
                                        {"icon_url", max_url, false, false}};
  static constexpr key_rule media[] = {{"url", max_url, true, false}};
  for (std::size_t i = 0; i < in.size(); ++i) {
    const std::string p = base + "." + std::to_string(i);
    if (!in[i].is_object()) {
      errors.field(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
      continue;
    }
    const auto& e = in[i].get_object();
    json::object o;
    o["type"] = "rich";
    r.text(e, o, "title", p, 256, false, true);
    r.text(e, o, "description", p, 4096, false, true);
    r.text(e, o, "url", p, max_url, false, false);
    if (const auto* ts = e.if_contains("timestamp"); ts && !ts->is_null()) {
      if (!ts->is_string() || !parse_iso8601(ts->get_string()))
        errors.field(p + ".timestamp", "DATE_TIME_TYPE_PARSE", "Could not parse the timestamp. Should be ISO8601.");
      else
        o["timestamp"] = format_iso8601(*parse_iso8601(ts->get_string()));
    }
    if (const auto* color = e.if_contains("color"); color && !color->is_null()) {
      const auto* n = color->if_int64();
      const auto* u = color->if_uint64();
      const std::int64_t value = n ? *n : (u && *u <= 0xFFFFFF ? static_cast<std::int64_t>(*u) : -1);
      if (value < 0 || value > 0xFFFFFF)
        errors.field(p + ".color", "NUMBER_TYPE_MAX", "int value should be between 0 and 16777215.");
      else
        o["color"] = value;
    }
    r.nested(e, o, "footer", p, footer);
    r.nested(e, o, "author", p, author);
    r.nested(e, o, "image", p, media);
    r.nested(e, o, "thumbnail", p, media);
    if (const auto* fields = e.if_contains("fields"); fields && !fields->is_null()) {
      if (!fields->is_array()) {
        errors.field(p + ".fields", "BASE_TYPE_LIST", "Must be a list.");
      } else if (fields->get_array().size() > 25) {
        errors.field(p + ".fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
      } else {
        json::array fs;
        const auto& list = fields->get_array();
        for (std::size_t j = 0; j < list.size(); ++j) {
          const std::string fp = p + ".fields." + std::to_string(j);
          if (!list[j].is_object()) {
            errors.field(fp, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
            continue;
          }
          const auto& f = list[j].get_object();
          json::object fo;
          r.text(f, fo, "name", fp, 256, true, true);
          r.text(f, fo, "value", fp, 1024, true, true);
          if (const auto* in_line = f.if_contains("inline"); in_line && in_line->is_bool())
            fo["inline"] = in_line->get_bool();
          fs.push_back(std::move(fo));
        }
        o["fields"] = std::move(fs);
      }
    }
    out.push_back(std::move(o));
  }
  if (total > max_embed_text_total)
    errors.field(base, "BASE_TYPE_MAX_LENGTH", "Embed size exceeds maximum size of 6000");
  // Errors elsewhere in the request fail it as a whole; nothing to return then either.
  if (errors.has_field_errors()) return std::nullopt;
  return out;
}

} // namespace parley::model
